using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateEnv.Portable;

/// <summary>
/// Encodes plain .NET values to their portable form and decodes portable payloads back, by the one kind table
/// (<see cref="PortableKinds"/>). JSON kinds: doubles as JSON numbers ("NaN", "Infinity", "-Infinity" as strings),
/// integers as numbers, dates as ISO 8601 strings ("O"), arrays as arrays. Decoding bounds the payload
/// (<see cref="MaxPayloadBytes"/>) and reports malformed input with the kind and a byte position, never the payload's content.
/// </summary>
public static class PortableValues
{
    /// <summary>The largest payload decoded: the gRPC message limit of client and server (64 MiB).</summary>
    public const int MaxPayloadBytes = 64 * 1024 * 1024;

    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        MaxDepth = 4,
    };

    /// <summary>
    /// The kind a value encodes as: <see cref="PortableKind.Null"/> for null, the table's kind for its source types
    /// (double, float → double; int, long, … → long; char → string; DateOnly → datetime; float[] → double[]; …),
    /// <see cref="PortableKind.Record"/> for anything else (whoever writes records decides what may be one).
    /// </summary>
    public static PortableKind KindOf(object? value) =>
        value is null ? PortableKind.Null
            : PortableKinds.BySource.TryGetValue(value.GetType(), out var info) ? info.Kind
            : PortableKind.Record;

    /// <summary>
    /// Encodes null, a value of a plain kind (scalars, dates, arrays, double[][]), a <see cref="PortableTable"/> (CSV), a
    /// <see cref="PortableModel"/> or named tensors (safetensors), or a <see cref="JsonElement"/> (a record as it was
    /// decoded). False for any other object: the codec does not walk arbitrary objects (the release gate writes records).
    /// </summary>
    public static bool TryEncode(object? value, out PortableValue encoded)
    {
        var kind = KindOf(value);
        encoded = value switch
        {
            PortableTable table => new PortableValue(kind, PortableEncoding.Csv, Encoding.UTF8.GetBytes(table.ToCsv())),
            PortableModel model => new PortableValue(kind, PortableEncoding.SafeTensors, model.Encode()),
            IReadOnlyList<NamedTensor> tensors when kind == PortableKind.Tensor => new PortableValue(kind, PortableEncoding.SafeTensors, SafeTensors.Write(tensors)),
            JsonElement record => new PortableValue(kind, PortableEncoding.Json, Encoding.UTF8.GetBytes(record.GetRawText())),
            _ when kind == PortableKind.Record => null!,
            _ => new PortableValue(kind, PortableEncoding.Json, Json(value)),
        };
        return encoded is not null;
    }

    /// <summary><see cref="TryEncode"/>, or an <see cref="ArgumentException"/> naming the value's type.</summary>
    public static PortableValue Encode(object? value) =>
        TryEncode(value, out var encoded) ? encoded
            : throw new ArgumentException($"A {value!.GetType().Name} has no portable kind; send a number, string, bool, date, an array of them, double[][], a PortableTable or a PortableModel.");

    /// <summary>Decodes a portable value to its kind's .NET type (<see cref="PortableKindInfo.Type"/>).</summary>
    public static (object? Value, Type Type) Decode(PortableValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Decode(value.Kind, value.Encoding, value.Payload);
    }

    /// <summary>
    /// Decodes <paramref name="payload"/> as <paramref name="kind"/>: plain kinds to their .NET types, a record to a
    /// <see cref="JsonElement"/>, a table to a <see cref="PortableTable"/>, a model to a <see cref="PortableModel"/>, tensors to
    /// their <see cref="NamedTensor"/>s, null to null. An unset encoding means the kind's own; any other must match it.
    /// Malformed input throws <see cref="InvalidDataException"/> with a message that quotes no payload content.
    /// </summary>
    public static (object? Value, Type Type) Decode(PortableKind kind, PortableEncoding encoding, ReadOnlySpan<byte> payload)
    {
        var info = kind.Info();
        if (encoding != PortableEncoding.Unspecified && encoding != info.Encoding)
            throw new InvalidDataException($"A {info.Name} is sent as {info.Encoding.Name()}, not {encoding.Name()}.");
        if (payload.Length > MaxPayloadBytes)
            throw new InvalidDataException($"The {info.Name} payload has {payload.Length:N0} bytes; at most {MaxPayloadBytes:N0} are accepted.");
        return (info.Kind switch
        {
            PortableKind.Table => PortableTable.ParseCsv(Utf8(payload, info)),
            PortableKind.Model => PortableModel.Decode(payload),
            PortableKind.Tensor => SafeTensors.Read(payload).Tensors,
            PortableKind.Record => ReadRecord(payload, info),
            PortableKind.Null => ReadNull(payload, info),
            _ => ReadPlain(payload, info),
        }, info.Type);
    }

    private static object ReadPlain(ReadOnlySpan<byte> payload, PortableKindInfo info)
    {
        object? value;
        try { value = JsonSerializer.Deserialize(payload, info.Type, ReadOptions); }
        catch (JsonException e) { throw NotJson(info, e); }
        if (value is null) throw new InvalidDataException($"The {info.Name} payload is JSON null; a null is sent as kind null.");
        if (value is double[][] rows && Array.IndexOf(rows, null) is var row and >= 0)
            throw new InvalidDataException($"Row {row + 1} of the {info.Name} payload is null; every row is an array of numbers.");
        return value;
    }

    private static JsonElement ReadRecord(ReadOnlySpan<byte> payload, PortableKindInfo info)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read()) throw new InvalidDataException($"The {info.Name} payload has more than one JSON value.");
            return document.RootElement.Clone();
        }
        catch (JsonException e) { throw NotJson(info, e); }
    }

    private static object? ReadNull(ReadOnlySpan<byte> payload, PortableKindInfo info) =>
        ReadRecord(payload, info).ValueKind == JsonValueKind.Null ? null
            : throw new InvalidDataException($"A {info.Name} payload must be the JSON literal null.");

    private static string Utf8(ReadOnlySpan<byte> payload, PortableKindInfo info)
    {
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload); }
        catch (DecoderFallbackException e) { throw new InvalidDataException($"The {info.Name} payload is not UTF-8 (byte {e.Index + 1})."); }
    }

    // JsonException's own message can quote the offending character; only the position is reported.
    private static InvalidDataException NotJson(PortableKindInfo info, JsonException e) =>
        new($"The {info.Name} payload is not JSON of that kind (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");

    private static byte[] Json(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); return;
            case double d: WriteDouble(json, d); return;
            case float f: WriteDouble(json, f); return;
            case bool b: json.WriteBooleanValue(b); return;
            case string s: json.WriteStringValue(s); return;
            case char c: json.WriteStringValue(c.ToString()); return;
            case DateTime t: json.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); return;
            case DateOnly t: json.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); return;
            case sbyte or byte or short or ushort or int or uint or long: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); return;
            case Array array:
                json.WriteStartArray();
                foreach (var item in array) Write(json, item);
                json.WriteEndArray();
                return;
            default: throw new ArgumentException($"A {value.GetType().Name} has no portable JSON form.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));   // "NaN", "Infinity", "-Infinity"
    }
}
