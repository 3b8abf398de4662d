using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client;

/// <summary>
/// Turns an <see cref="ExportValue"/> into the .NET value and type a notebook variable gets, with the codec
/// (<see cref="PortableValues"/>): plain kinds to their .NET types, records to a JsonElement, tables to a
/// <see cref="PortableTable"/>, models to a <see cref="PortableModel"/> (no TorchSharp). Used by <see cref="ExportStore.Decode"/>,
/// the Jupyter kernel and the .NET Interactive extension.
/// </summary>
public static class ExportDecoder
{
    public static (object? Value, Type Type) Decode(ExportValue export)
    {
        try { return PortableValues.Decode(export.ToPortable()); }
        catch (InvalidDataException e) { throw new InvalidDataException($"Export '{export.Name}' ({export.Kind.Name()}) does not decode: {e.Message}", e); }
    }
}
