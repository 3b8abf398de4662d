using System.Collections;
using PrivateEnv.Portable;

namespace PrivateEnv.Client;

/// <summary>Encodes public .NET values for PrivateImport with the codec's kind table (<see cref="PortableValues"/>).</summary>
public static class ImportEncoder
{
    /// <summary>
    /// Numbers, strings, bools, dates, arrays of them (a list becomes an array), double[][], a <see cref="PortableTable"/> or a
    /// <see cref="PortableModel"/>; an <see cref="ArgumentException"/> for anything else.
    /// </summary>
    public static PortableValue Encode(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is IEnumerable sequence and not string and not Array) value = ToArray(sequence) ?? value;
        if (PortableValues.TryEncode(value, out var encoded) && encoded.Kind.Info().Importable) return encoded;
        throw new ArgumentException($"Cannot import a {value.GetType().Name}; import numbers, strings, bools, dates, arrays of them, double[][], a PortableTable or a model.");
    }

    /// <summary>A list of numbers, strings or bools as the array the codec encodes; null for other sequences.</summary>
    private static Array? ToArray(IEnumerable sequence)
    {
        var items = sequence.Cast<object?>().ToList();
        if (items.All(i => i is double or float)) return items.Select(Convert.ToDouble).ToArray();
        if (items.All(i => i is int or long)) return items.Select(Convert.ToInt64).ToArray();
        if (items.All(i => i is string)) return items.Cast<string>().ToArray();
        if (items.All(i => i is bool)) return items.Cast<bool>().ToArray();
        return null;
    }
}
