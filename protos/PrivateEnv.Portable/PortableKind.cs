namespace PrivateEnv.Portable;

/// <summary>
/// What a portable value is. Numbered as the wire's <c>privateenv.v1.ValueKind</c> (VALUE_KIND_DOUBLE = 1, …), which
/// PrivateEnv.Protocol's <c>ValueKinds</c> maps to and from; <see cref="PortableKinds"/> holds each kind's name,
/// encoding and .NET type.
/// </summary>
// CA1720: the members are named as the wire's (VALUE_KIND_DOUBLE → Double), which are named after the values' types.
#pragma warning disable CA1720
public enum PortableKind
{
    Unspecified = 0,
    Double = 1,
    Long = 2,
    Bool = 3,
    String = 4,
    DateTime = 5,
    DoubleArray = 6,
    LongArray = 7,
    StringArray = 8,
    BoolArray = 9,
    DoubleMatrix = 10,
    /// <summary>A JSON object or array: a DP result, a record, a collection of releasable values.</summary>
    Record = 11,
    /// <summary>A public table as CSV (<see cref="PortableTable"/>).</summary>
    Table = 12,
    /// <summary>Named tensors as safetensors.</summary>
    Tensor = 13,
    /// <summary>A model: architecture JSON and weights in one safetensors blob (<see cref="PortableModel"/>).</summary>
    Model = 14,
    Null = 15,
}
#pragma warning restore CA1720

/// <summary>How a portable value's bytes are written. Numbered as the wire's <c>privateenv.v1.ValueEncoding</c>.</summary>
public enum PortableEncoding
{
    Unspecified = 0,
    /// <summary>UTF-8 JSON.</summary>
    Json = 1,
    /// <summary>8-byte little-endian header length, JSON header, raw little-endian data (<see cref="SafeTensors"/>).</summary>
    SafeTensors = 2,
    /// <summary>RFC 4180 CSV with a header row (<see cref="PortableTable"/>).</summary>
    Csv = 3,
}

/// <summary>
/// A value in its portable form. <see cref="TypeName"/> is an optional display name (the .NET type of a DP result sent as
/// a record, e.g. "PublicTrainingHistory"); it never changes how the payload decodes.
/// </summary>
public sealed record PortableValue(PortableKind Kind, PortableEncoding Encoding, byte[] Payload)
{
    public string TypeName { get; init; } = "";
}
