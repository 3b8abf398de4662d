using PrivateEnv.Portable;

namespace PrivateEnv.Protocol.V1;

/// <summary>
/// The one place the wire's value enums (<see cref="ValueKind"/>, <see cref="ValueEncoding"/>) and the codec's
/// (<see cref="PortableKind"/>, <see cref="PortableEncoding"/>) meet. They are numbered alike (VALUE_KIND_DOUBLE = 1 =
/// PortableKind.Double, …; tests/PrivateEnv.Portable.Tests checks every name and number), so each mapping is a cast; a
/// number neither knows passes through and the codec refuses it as an unknown kind.
/// </summary>
public static class ValueKinds
{
    public static ValueKind ToWire(this PortableKind kind) => (ValueKind)(int)kind;

    public static PortableKind ToPortable(this ValueKind kind) => (PortableKind)(int)kind;

    public static ValueEncoding ToWire(this PortableEncoding encoding) => (ValueEncoding)(int)encoding;

    public static PortableEncoding ToPortable(this ValueEncoding encoding) => (PortableEncoding)(int)encoding;

    /// <summary>The kind's short name ("double[]", "table", "model"), as in logs and CLI output.</summary>
    public static string Name(this ValueKind kind) => kind.ToPortable().Name();

    /// <summary>"json", "safetensors" or "csv".</summary>
    public static string Name(this ValueEncoding encoding) => encoding.ToPortable().Name();

    /// <summary>An export as the codec sees it (kind, encoding, payload and the display type name).</summary>
    public static PortableValue ToPortable(this ExportValue export) =>
        new(export.Kind.ToPortable(), export.Encoding.ToPortable(), export.Payload.ToByteArray()) { TypeName = export.TypeName };

    /// <summary>An export event's value from the codec's form.</summary>
    public static ExportValue ToExport(this PortableValue value, string name) => new()
    {
        Name = name,
        Kind = value.Kind.ToWire(),
        Encoding = value.Encoding.ToWire(),
        TypeName = value.TypeName,
        Payload = Google.Protobuf.ByteString.CopyFrom(value.Payload),
    };
}
