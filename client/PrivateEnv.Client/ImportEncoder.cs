using PrivateEnv.Portable;

namespace PrivateEnv.Client;

/// <summary>Encodes public .NET values for PrivateImport with the codec's kind table (<see cref="PortableValues"/>).</summary>
public static class ImportEncoder
{
    /// <summary>
    /// Numbers, strings, bools, dates, arrays of them, double[][], a <see cref="PortableTable"/> or a
    /// <see cref="PortableModel"/>; an <see cref="ArgumentException"/> for anything else.
    /// </summary>
    public static PortableValue Encode(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (PortableValues.TryEncode(value, out var encoded) && encoded.Kind.Info().Importable) return encoded;
        throw new ArgumentException($"Cannot import a {value.GetType().Name}; import numbers, strings, bools, dates, arrays of them, double[][], a PortableTable or a model.");
    }
}
