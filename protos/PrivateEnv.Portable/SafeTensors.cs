using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrivateEnv.Portable;

/// <summary>One named tensor in a safetensors file (float32 data, row-major).</summary>
public sealed record NamedTensor(string Name, long[] Shape, float[] Data);

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
/// ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}), then the raw
/// little-endian data. Writes F32; reads F32, F64 and F16/BF16 (converted to float32). Reading checks every
/// length, shape and offset against the file and names a bad tensor by its position, never by its content.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header read (the format's own limit is 100 MB; a model's header is a few kB).</summary>
    public const int MaxHeaderBytes = 16 * 1024 * 1024;

    public static byte[] Write(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        long offset = 0;
        foreach (var t in tensors)
        {
            if (t.Shape.Aggregate(1L, (a, d) => a * d) != t.Data.Length)
                throw new ArgumentException($"Tensor '{t.Name}' has {t.Data.Length} values but shape [{string.Join(", ", t.Shape)}].");
            var end = offset + 4L * t.Data.Length;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, end),
            };
            offset = end;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;   // align the data to 8 bytes; the spec pads with spaces
        var bytes = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        for (int i = json.Length; i < padded; i++) bytes[8 + i] = (byte)' ';
        var position = 8 + padded;
        foreach (var t in tensors)
            foreach (var v in t.Data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(position), v);
                position += 4;
            }
        return bytes;
    }

    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8) throw new InvalidDataException("Not a safetensors file: shorter than its 8-byte header length.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw new InvalidDataException("Not a safetensors file: the header length exceeds the file.");
        if (headerLength > MaxHeaderBytes) throw new InvalidDataException($"The safetensors header has {headerLength:N0} bytes; at most {MaxHeaderBytes:N0} are read.");
        var dataStart = 8 + (long)headerLength;
        var metadata = new Dictionary<string, string>();
        var tensors = new List<NamedTensor>();
        long dataBytes = 0;
        try
        {
            var header = JsonNode.Parse(bytes.Slice(8, (int)headerLength)) as JsonObject
                ?? throw new InvalidDataException("The safetensors header is not a JSON object.");
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__")
                {
                    if (node is not JsonObject pairs || pairs.Any(p => p.Value?.GetValueKind() is not JsonValueKind.String))
                        throw new InvalidDataException("The safetensors \"__metadata__\" must map names to strings.");
                    foreach (var (key, value) in pairs) metadata[key] = value!.GetValue<string>();
                    continue;
                }
                var tensor = ReadTensor(name, node, tensors.Count + 1, bytes, dataStart);
                // Tensors may not share bytes: a small file cannot decode to many copies of its data.
                dataBytes += (long)tensor.Data.Length * Width(node);
                if (dataBytes > bytes.Length - dataStart)
                    throw new InvalidDataException("The safetensors tensors overlap: together they need more bytes than the file holds.");
                tensors.Add(tensor);
            }
        }
        catch (JsonException e) { throw new InvalidDataException($"The safetensors header is not valid JSON (byte {(e.BytePositionInLine ?? 0) + 1})."); }
        catch (ArgumentException) { throw new InvalidDataException("The safetensors header names a tensor or metadata key twice."); }
        return (tensors, metadata);
    }

    private static NamedTensor ReadTensor(string name, JsonNode? node, int index, ReadOnlySpan<byte> bytes, long dataStart)
    {
        if (node is not JsonObject entry || entry["dtype"] is not JsonValue dtypeNode || !dtypeNode.TryGetValue<string>(out var dtype)
            || !TryIntegers(entry["shape"], out var shape) || !TryIntegers(entry["data_offsets"], out var offsets))
            throw new InvalidDataException($"Tensor {index} of the safetensors header needs \"dtype\" (a string), \"shape\" and \"data_offsets\" (arrays of integers).");
        var width = Width(node) is var w and > 0 ? w : throw new InvalidDataException($"Tensor {index} has an unsupported dtype; supported: F32, F64, F16, BF16.");
        long count = 1;
        try
        {
            foreach (var d in shape) count = d >= 0 ? checked(count * d) : throw new OverflowException();
            _ = checked(count * width);
        }
        catch (OverflowException) { throw new InvalidDataException($"Tensor {index} has a negative or overflowing shape."); }
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != count * width || offsets[1] > bytes.Length - dataStart)
            throw new InvalidDataException($"Tensor {index} has data_offsets that do not match its shape and dtype or lie outside the file.");
        var span = bytes.Slice((int)(dataStart + offsets[0]), (int)(count * width));
        var data = new float[count];
        for (int i = 0; i < count; i++)
            data[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(span[(2 * i)..]),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]) << 16),
            };
        return new NamedTensor(name, shape, data);
    }

    /// <summary>Bytes per value of the entry's dtype; 0 for an unsupported one.</summary>
    private static int Width(JsonNode? entry) => (string?)entry?["dtype"] switch { "F32" => 4, "F64" => 8, "F16" or "BF16" => 2, _ => 0 };

    private static bool TryIntegers(JsonNode? node, out long[] values)
    {
        values = [];
        if (node is not JsonArray array) return false;
        var read = new long[array.Count];
        for (var i = 0; i < read.Length; i++)
            if (array[i] is not JsonValue value || !value.TryGetValue(out read[i])) return false;
        values = read;
        return true;
    }
}
