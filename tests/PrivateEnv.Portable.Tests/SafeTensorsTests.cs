using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace PrivateEnv.Portable.Tests;

public class SafeTensorsTests
{
    [Fact]
    public void SafeTensorsRoundTripsAndFollowsTheLayout()
    {
        var tensors = new[]
        {
            new NamedTensor("a.weight", new long[] { 2, 3 }, new[] { 1f, -2f, 3.5f, 0f, 1e-8f, float.MaxValue }),
            new NamedTensor("a.bias", new long[] { 2 }, new[] { 0.25f, -0.5f }),
        };
        var bytes = SafeTensors.Write(tensors, new Dictionary<string, string> { ["k"] = "v" });
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd())!.AsObject();
        Assert.Equal("F32", header["a.bias"]!["dtype"]!.GetValue<string>());
        Assert.Equal(new long[] { 24, 32 }, header["a.bias"]!["data_offsets"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Equal(-0.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + headerLength + 28)));
        Assert.Equal(8 + headerLength + 32, bytes.Length);

        var (read, metadata) = SafeTensors.Read(bytes);
        Assert.Equal("v", metadata["k"]);
        Assert.Equal(tensors.Select(t => t.Name), read.Select(t => t.Name));
        Assert.Equal(tensors[0].Data, read[0].Data);
        Assert.Equal(tensors[0].Shape, read[0].Shape);
    }

    [Fact]
    public void SafeTensorsRejectsInconsistentOffsets()
    {
        var bytes = SafeTensors.Write(new[] { new NamedTensor("x", new long[] { 2 }, new[] { 1f, 2f }) });
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var json = Encoding.UTF8.GetString(bytes, 8, headerLength).Replace("[0,8]", "[0,12]");
        var broken = bytes.ToArray();
        Encoding.UTF8.GetBytes(json).CopyTo(broken, 8);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(broken));
        Assert.Contains("data_offsets", error.Message);
    }

    [Fact]
    public void SafeTensorsReadsF64F16AndBf16AsFloat32()
    {
        var header = Encoding.UTF8.GetBytes("""{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"h":{"dtype":"F16","shape":[1],"data_offsets":[8,10]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[10,12]}}""");
        var bytes = new byte[8 + header.Length + 12];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        var data = bytes.AsSpan(8 + header.Length);
        BinaryPrimitives.WriteDoubleLittleEndian(data, 1.5);
        BinaryPrimitives.WriteHalfLittleEndian(data[8..], (Half)(-2.0));
        BinaryPrimitives.WriteUInt16LittleEndian(data[10..], (ushort)(BitConverter.SingleToInt32Bits(0.75f) >> 16));
        var (tensors, _) = SafeTensors.Read(bytes);
        Assert.Equal([1.5f, -2f, 0.75f], tensors.Select(t => t.Data[0]));
    }

    [Fact]
    public void Tensors_may_not_share_bytes()
    {
        // Two tensors over the same four bytes: a small file must not decode to many copies of its data.
        var header = Encoding.UTF8.GetBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""");
        var bytes = new byte[8 + header.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        Assert.Contains("overlap", Assert.Throws<InvalidDataException>(() => SafeTensors.Read(bytes)).Message);
    }
}
