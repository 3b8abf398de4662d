using System.Text;
using System.Text.Json;
using Google.Protobuf;
using PrivateEnv.Kernel.Remote;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Kernel.Tests;

public class ExportDecoderTests
{
    private static ExportValue Export(string type, string payload, string encoding = "json") =>
        new() { Name = "v", Type = type, Encoding = encoding, Payload = ByteString.CopyFrom(Encoding.UTF8.GetBytes(payload)) };

    [Fact]
    public void Scalars_and_arrays_get_their_dotnet_types()
    {
        Assert.Equal((48.5, typeof(double)), ExportDecoder.Decode(Export("double", "48.5")));
        Assert.Equal((12L, typeof(long)), ExportDecoder.Decode(Export("long", "12")));
        Assert.Equal((true, typeof(bool)), ExportDecoder.Decode(Export("bool", "true")));
        Assert.Equal(("a\"b", typeof(string)), ExportDecoder.Decode(Export("string", "\"a\\\"b\"")));
        var (array, type) = ExportDecoder.Decode(Export("double[]", "[1.5, \"NaN\"]"));
        Assert.Equal(typeof(double[]), type);
        Assert.Equal(1.5, ((double[])array!)[0]);
        Assert.True(double.IsNaN(((double[])array!)[1]));
        Assert.Equal(new long[] { 1, 2 }, ExportDecoder.Decode(Export("long[]", "[1,2]")).Value);
        Assert.Equal(new[] { "x" }, ExportDecoder.Decode(Export("string[]", "[\"x\"]")).Value);
    }

    [Fact]
    public void Records_stay_json()
    {
        var (value, type) = ExportDecoder.Decode(Export("record", """{"mean": 1.5, "n": 3}"""));
        Assert.Equal(typeof(JsonElement), type);
        Assert.Equal(1.5, ((JsonElement)value!).GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Csv_tables_become_public_tables()
    {
        var (value, type) = ExportDecoder.Decode(Export("table", "region,mean\nnorth,1.5\n\"south, east\",\"2\"\n", "csv"));
        Assert.Equal(typeof(PublicTable), type);
        var table = (PublicTable)value!;
        Assert.Equal(["region", "mean"], table.Columns);
        Assert.Equal(["north", "south, east"], table["region"]);
        Assert.Equal([1.5, 2.0], table.Numbers("mean"));
        Assert.Contains("<td>south, east</td>", table.ToHtml());
    }

    [Fact]
    public void Binary_encodings_stay_bytes()
    {
        var (value, type) = ExportDecoder.Decode(Export("tensor", "abc", "safetensors"));
        Assert.Equal(typeof(byte[]), type);
        Assert.Equal("abc"u8.ToArray(), (byte[])value!);
    }

    [Fact]
    public void A_payload_that_does_not_match_its_type_is_reported()
    {
        var error = Assert.Throws<InvalidDataException>(() => ExportDecoder.Decode(Export("double", "\"text\"")));
        Assert.Contains("claims type double", error.Message);
    }
}
