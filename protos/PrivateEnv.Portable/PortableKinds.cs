using System.Text.Json;

namespace PrivateEnv.Portable;

/// <summary>One row of the kind table: how a kind is named, encoded, and what .NET type it encodes from and decodes to.</summary>
public sealed class PortableKindInfo
{
    internal PortableKindInfo(PortableKind kind, string name, PortableEncoding encoding, Type type, string cSharpName, bool importable, params Type[] sources)
    {
        Kind = kind;
        Name = name;
        Encoding = encoding;
        Type = type;
        CSharpName = cSharpName;
        Importable = importable;
        Sources = sources;
    }

    public PortableKind Kind { get; }

    /// <summary>The short name in messages, logs and CLI output ("double[]", "table", "model").</summary>
    public string Name { get; }

    /// <summary>The one encoding this kind travels in.</summary>
    public PortableEncoding Encoding { get; }

    /// <summary>The .NET type a payload of this kind decodes to (<see cref="PortableValues.Decode(PortableKind, PortableEncoding, ReadOnlySpan{byte})"/>).</summary>
    public Type Type { get; }

    /// <summary>How C# spells <see cref="Type"/> (for a variable declared from an import).</summary>
    public string CSharpName { get; }

    /// <summary>Whether an analyst may send this kind into a session (PrivateImport).</summary>
    public bool Importable { get; }

    /// <summary>The .NET types that encode as this kind (<see cref="PortableValues.KindOf"/>).</summary>
    public IReadOnlyList<Type> Sources { get; }
}

/// <summary>
/// The kind table, shared by both directions: the release gate and the client encode with it
/// (<see cref="PortableValues.KindOf"/>, <see cref="PortableValues.Encode"/>), the worker and the kernel decode with it
/// (<see cref="PortableValues.Decode(PortableKind, PortableEncoding, ReadOnlySpan{byte})"/>).
/// </summary>
public static class PortableKinds
{
    /// <summary>Every kind but <see cref="PortableKind.Unspecified"/>, in enum order.</summary>
    public static IReadOnlyList<PortableKindInfo> All { get; } =
    [
        new(PortableKind.Double, "double", PortableEncoding.Json, typeof(double), "double", true, typeof(double), typeof(float)),
        new(PortableKind.Long, "long", PortableEncoding.Json, typeof(long), "long", true,
            typeof(long), typeof(int), typeof(short), typeof(sbyte), typeof(byte), typeof(ushort), typeof(uint)),
        new(PortableKind.Bool, "bool", PortableEncoding.Json, typeof(bool), "bool", true, typeof(bool)),
        new(PortableKind.String, "string", PortableEncoding.Json, typeof(string), "string", true, typeof(string), typeof(char)),
        new(PortableKind.DateTime, "datetime", PortableEncoding.Json, typeof(DateTime), "System.DateTime", true, typeof(DateTime), typeof(DateOnly)),
        new(PortableKind.DoubleArray, "double[]", PortableEncoding.Json, typeof(double[]), "double[]", true, typeof(double[]), typeof(float[])),
        new(PortableKind.LongArray, "long[]", PortableEncoding.Json, typeof(long[]), "long[]", true, typeof(long[]), typeof(int[])),
        new(PortableKind.StringArray, "string[]", PortableEncoding.Json, typeof(string[]), "string[]", true, typeof(string[])),
        new(PortableKind.BoolArray, "bool[]", PortableEncoding.Json, typeof(bool[]), "bool[]", true, typeof(bool[])),
        new(PortableKind.DoubleMatrix, "double[][]", PortableEncoding.Json, typeof(double[][]), "double[][]", true, typeof(double[][]), typeof(float[][])),
        new(PortableKind.Record, "record", PortableEncoding.Json, typeof(JsonElement), "System.Text.Json.JsonElement", false, typeof(JsonElement)),
        new(PortableKind.Table, "table", PortableEncoding.Csv, typeof(PortableTable), "PrivateEnv.Portable.PortableTable", true, typeof(PortableTable)),
        new(PortableKind.Tensor, "tensor", PortableEncoding.SafeTensors, typeof(IReadOnlyList<NamedTensor>),
            "System.Collections.Generic.IReadOnlyList<PrivateEnv.Portable.NamedTensor>", false, typeof(NamedTensor[]), typeof(List<NamedTensor>)),
        new(PortableKind.Model, "model", PortableEncoding.SafeTensors, typeof(PortableModel), "PrivateEnv.Portable.PortableModel", true, typeof(PortableModel)),
        new(PortableKind.Null, "null", PortableEncoding.Json, typeof(object), "object", false),
    ];

    private static readonly Dictionary<PortableKind, PortableKindInfo> ByKind = All.ToDictionary(i => i.Kind);

    internal static readonly Dictionary<Type, PortableKindInfo> BySource =
        All.SelectMany(i => i.Sources.Select(s => KeyValuePair.Create(s, i))).ToDictionary();

    /// <summary>The row of <paramref name="kind"/>; an <see cref="InvalidDataException"/> for an unset or unknown kind.</summary>
    public static PortableKindInfo Info(this PortableKind kind) =>
        ByKind.TryGetValue(kind, out var info) ? info
            : throw new InvalidDataException(kind == PortableKind.Unspecified
                ? $"The value kind is not set; it is one of {string.Join(", ", All.Select(i => i.Name))}."
                : $"Unknown value kind {(int)kind}; it is one of {string.Join(", ", All.Select(i => i.Name))}.");

    /// <summary>The short name ("double[]", "table"); "unspecified" or "kind N" for values outside the table.</summary>
    public static string Name(this PortableKind kind) =>
        ByKind.TryGetValue(kind, out var info) ? info.Name : kind == PortableKind.Unspecified ? "unspecified" : $"kind {(int)kind}";

    /// <summary>"json", "safetensors", "csv"; "unspecified" or "encoding N" otherwise.</summary>
    public static string Name(this PortableEncoding encoding) => encoding switch
    {
        PortableEncoding.Json => "json",
        PortableEncoding.SafeTensors => "safetensors",
        PortableEncoding.Csv => "csv",
        PortableEncoding.Unspecified => "unspecified",
        _ => $"encoding {(int)encoding}",
    };
}
