using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrivateEnv.Learning.Serialization;

/// <summary>One named tensor in a safetensors file (float32 data, row-major).</summary>
public sealed record NamedTensor(string Name, long[] Shape, float[] Data);

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
/// ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}), then the raw
/// little-endian data. Writes F32; reads F32, F64 and F16/BF16 (converted to float32).
/// </summary>
public static class SafeTensors
{
    public static byte[] Write(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
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

    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 8) throw new InvalidDataException("Not a safetensors file: shorter than its 8-byte header length.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw new InvalidDataException("Not a safetensors file: the header length exceeds the file.");
        JsonObject header;
        try { header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))?.AsObject() ?? throw new InvalidDataException("Empty safetensors header."); }
        catch (JsonException e) { throw new InvalidDataException($"The safetensors header is not valid JSON: {e.Message}"); }
        var dataStart = 8 + (long)headerLength;
        var metadata = new Dictionary<string, string>();
        var tensors = new List<NamedTensor>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node!.AsObject()) metadata[key] = value?.GetValue<string>() ?? "";
                continue;
            }
            var entry = node!.AsObject();
            var dtype = entry["dtype"]!.GetValue<string>();
            var shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = entry["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var count = shape.Aggregate(1L, (a, d) => a * d);
            var width = dtype switch { "F32" => 4, "F64" => 8, "F16" or "BF16" => 2, _ => throw new InvalidDataException($"Tensor '{name}' has dtype {dtype}; supported: F32, F64, F16, BF16.") };
            if (offsets.Length != 2 || offsets[1] - offsets[0] != count * width || dataStart + offsets[1] > bytes.Length || offsets[0] < 0)
                throw new InvalidDataException($"Tensor '{name}' has data_offsets that do not match its shape and dtype or lie outside the file.");
            var span = bytes.AsSpan((int)(dataStart + offsets[0]), (int)(count * width));
            var data = new float[count];
            for (int i = 0; i < count; i++)
                data[i] = dtype switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]),
                    "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]),
                    "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(span[(2 * i)..]),
                    _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]) << 16),
                };
            tensors.Add(new NamedTensor(name, shape, data));
        }
        return (tensors, metadata);
    }
}
