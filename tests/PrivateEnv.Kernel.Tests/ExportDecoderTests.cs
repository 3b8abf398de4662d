using System.Text;
using System.Text.Json;
using Google.Protobuf;
using PrivateEnv.Client;
using PrivateEnv.Kernel.Remote;
using PrivateEnv.Learning;
using PrivateEnv.Learning.Layers;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Kernel.Tests;

public class ExportDecoderTests
{
    private static ExportValue Export(ValueKind kind, string payload, ValueEncoding encoding = ValueEncoding.Json) => Export(kind, Encoding.UTF8.GetBytes(payload), encoding);

    private static ExportValue Export(ValueKind kind, byte[] payload, ValueEncoding encoding) =>
        new() { Name = "v", Kind = kind, Encoding = encoding, Payload = ByteString.CopyFrom(payload) };

    [Fact]
    public void Scalars_and_arrays_get_their_dotnet_types()
    {
        Assert.Equal((48.5, typeof(double)), ExportDecoder.Decode(Export(ValueKind.Double, "48.5")));
        Assert.Equal((12L, typeof(long)), ExportDecoder.Decode(Export(ValueKind.Long, "12")));
        Assert.Equal((true, typeof(bool)), ExportDecoder.Decode(Export(ValueKind.Bool, "true")));
        Assert.Equal(("a\"b", typeof(string)), ExportDecoder.Decode(Export(ValueKind.String, "\"a\\\"b\"")));
        Assert.Equal((new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), typeof(DateTime)), ExportDecoder.Decode(Export(ValueKind.Datetime, "\"2024-01-02T03:04:05Z\"")));
        var (array, type) = ExportDecoder.Decode(Export(ValueKind.DoubleArray, "[1.5, \"NaN\"]"));
        Assert.Equal(typeof(double[]), type);
        Assert.Equal(1.5, ((double[])array!)[0]);
        Assert.True(double.IsNaN(((double[])array!)[1]));
        Assert.Equal(new long[] { 1, 2 }, ExportDecoder.Decode(Export(ValueKind.LongArray, "[1,2]")).Value);
        Assert.Equal(new[] { "x" }, ExportDecoder.Decode(Export(ValueKind.StringArray, "[\"x\"]")).Value);
        var (matrix, matrixType) = ExportDecoder.Decode(Export(ValueKind.DoubleMatrix, "[[1,2],[3]]"));
        Assert.Equal(typeof(double[][]), matrixType);
        Assert.Equal(new[] { new[] { 1.0, 2.0 }, new[] { 3.0 } }, (double[][])matrix!);
        Assert.Equal((null, typeof(object)), ExportDecoder.Decode(Export(ValueKind.Null, "null")));
    }

    [Fact]
    public void Records_stay_json()
    {
        var (value, type) = ExportDecoder.Decode(Export(ValueKind.Record, """{"mean": 1.5, "n": 3}"""));
        Assert.Equal(typeof(JsonElement), type);
        Assert.Equal(1.5, ((JsonElement)value!).GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Csv_tables_become_portable_tables()
    {
        var (value, type) = ExportDecoder.Decode(Export(ValueKind.Table, "region,mean\nnorth,1.5\n\"south, east\",\"2\"\n", ValueEncoding.Csv));
        Assert.Equal(typeof(PortableTable), type);
        var table = (PortableTable)value!;
        Assert.Equal(["region", "mean"], table.Columns);
        Assert.Equal(["north", "south, east"], table["region"]);
        Assert.Equal([1.5, 2.0], table.Numbers("mean"));
        Assert.Contains("<td>south, east</td>", table.ToHtml());
    }

    [Fact]
    public void Models_become_portable_models_and_a_sequential_only_in_a_local_cell()
    {
        var local = new Sequential(new Dense(3, "relu", inputShape: [4]), new Dense(2));
        var blob = LocalModels.ToPortable(local)!.Encode();
        var (value, type) = ExportDecoder.Decode(Export(ValueKind.Model, blob, ValueEncoding.Safetensors));
        Assert.Equal(typeof(PortableModel), type);
        var model = (PortableModel)value!;
        Assert.Equal(["Dense", "Dense"], model.LayerKinds);
        Assert.Equal(4 * 3 + 3 + 3 * 2 + 2, model.ParameterCount);
        var probe = new[] { new[] { 0.1, -0.2, 0.3, 0.4 } };
        Assert.Equal(local.Predict(probe), model.ToSequential().Predict(probe));
    }

    [Fact]
    public void Tensors_become_named_tensors()
    {
        var blob = SafeTensors.Write([new NamedTensor("w", [2], [1f, 2f])]);
        var (value, type) = ExportDecoder.Decode(Export(ValueKind.Tensor, blob, ValueEncoding.Safetensors));
        Assert.Equal(typeof(IReadOnlyList<NamedTensor>), type);
        Assert.Equal([1f, 2f], Assert.Single((IReadOnlyList<NamedTensor>)value!).Data);
    }

    [Fact]
    public void A_payload_that_does_not_match_its_kind_is_reported_without_its_content()
    {
        var error = Assert.Throws<InvalidDataException>(() => ExportDecoder.Decode(Export(ValueKind.Double, "\"SECRET\"")));
        Assert.StartsWith("Export 'v' (double) does not decode: The double payload is not JSON of that kind", error.Message);
        Assert.DoesNotContain("SECRET", error.Message);
        Assert.Contains("not set", Assert.Throws<InvalidDataException>(() => ExportDecoder.Decode(Export(ValueKind.Unspecified, "1"))).Message);
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => ExportDecoder.Decode(Export(ValueKind.Model, "\u0008\0\0\0\0\0\0\0{SECRET}", ValueEncoding.Safetensors))).Message);
    }
}
