using System.Text;
using System.Text.Json;

namespace PrivateEnv.Portable.Tests;

public class PortableValuesTests
{
    public static TheoryData<PortableKind> Kinds() => new(PortableKinds.All.Select(i => i.Kind));

    /// <summary>One value of each kind, as a cell or an analyst would have it.</summary>
    private static object? Sample(PortableKind kind) => kind switch
    {
        PortableKind.Double => 48.5,
        PortableKind.Long => long.MinValue,
        PortableKind.Bool => true,
        PortableKind.String => "a \"quoted\", é, <tag>, \u0001",
        PortableKind.DateTime => new DateTime(2024, 2, 29, 13, 4, 5, 123, DateTimeKind.Utc),
        PortableKind.DoubleArray => new[] { 1.5, -0.0, 1e-300, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1 },
        PortableKind.LongArray => new[] { 1L, -2L, long.MaxValue },
        PortableKind.StringArray => new[] { "x", "", "y,z", null },
        PortableKind.BoolArray => new[] { true, false },
        PortableKind.DoubleMatrix => new[] { new[] { 1.0, 2.0 }, new[] { 3.5 }, Array.Empty<double>() },
        PortableKind.Record => JsonDocument.Parse("""{"mean":1.5,"n":3,"parts":[{"label":"a"}]}""").RootElement.Clone(),
        PortableKind.Table => new PortableTable(["region", "mean"], [["north", "1.5"], ["south, \"east\"", ""], ["line\nbreak", "2"]]),
        PortableKind.Tensor => new[] { new NamedTensor("w", [2, 2], [1f, -2f, 3.5f, float.MaxValue]), new NamedTensor("b", [2], [0.25f, -0.5f]) },
        PortableKind.Model => new PortableModel("""{"format":"privateenv.sequential/1","layers":[{"kind":"Dense","config":{"units":2}}]}""",
            [new NamedTensor("layers.0.weight", [2, 3], [1, 2, 3, 4, 5, 6]), new NamedTensor("layers.0.bias", [2], [0.5f, -0.5f])],
            new Dictionary<string, string> { ["format"] = "privateenv.sequential/1" }),
        PortableKind.Null => null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_round_trips_through_encode_and_decode(PortableKind kind)
    {
        var sample = Sample(kind);
        var info = kind.Info();
        Assert.Equal(kind, PortableValues.KindOf(sample));

        var encoded = PortableValues.Encode(sample);
        Assert.Equal((kind, info.Encoding), (encoded.Kind, encoded.Encoding));
        var (value, type) = PortableValues.Decode(encoded);
        Assert.Equal(info.Type, type);
        if (value is not null) Assert.IsAssignableFrom(info.Type, value);
        // Decoding loses nothing the encoding carries: encoding the decoded value gives the same bytes.
        Assert.Equal(encoded.Payload, PortableValues.Encode(value).Payload);

        switch (value)
        {
            case PortableTable table:
                var original = (PortableTable)sample!;
                Assert.Equal(original.Columns, table.Columns);
                Assert.Equal(original.Rows, table.Rows);
                break;
            case PortableModel model:
                Assert.Equal(((PortableModel)sample!).ArchitectureJson, model.ArchitectureJson);
                Assert.Equal([2L, 3L], model.Tensors[0].Shape);
                Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], model.Tensors[0].Data);
                break;
            case IReadOnlyList<NamedTensor> tensors:
                Assert.Equal(((NamedTensor[])sample!).Select(t => (t.Name, string.Join(",", t.Shape), string.Join(",", t.Data))),
                    tensors.Select(t => (t.Name, string.Join(",", t.Shape), string.Join(",", t.Data))));
                break;
            case JsonElement record:
                Assert.Equal(((JsonElement)sample!).GetRawText(), record.GetRawText());
                break;
            default:
                Assert.Equal(sample, value);
                break;
        }
    }

    [Fact]
    public void The_round_trip_covers_every_kind_of_the_enum()
    {
        Assert.Equal(Enum.GetValues<PortableKind>().Where(k => k != PortableKind.Unspecified), PortableKinds.All.Select(i => i.Kind));
    }

    [Fact]
    public void Related_dotnet_types_encode_as_the_kind_and_decode_to_its_type()
    {
        (object Value, PortableKind Kind, object Decoded)[] cases =
        [
            (2.5f, PortableKind.Double, 2.5),
            (7, PortableKind.Long, 7L),
            ((byte)7, PortableKind.Long, 7L),
            (uint.MaxValue, PortableKind.Long, (long)uint.MaxValue),
            ('x', PortableKind.String, "x"),
            (new DateOnly(2024, 1, 2), PortableKind.DateTime, new DateTime(2024, 1, 2)),
            (new[] { 0.5f }, PortableKind.DoubleArray, new[] { 0.5 }),
            (new[] { 1, 2 }, PortableKind.LongArray, new[] { 1L, 2L }),
            (new[] { new[] { 0.5f } }, PortableKind.DoubleMatrix, new[] { new[] { 0.5 } }),
        ];
        foreach (var (value, kind, decoded) in cases)
        {
            var encoded = PortableValues.Encode(value);
            Assert.Equal(kind, encoded.Kind);
            Assert.Equal(decoded, PortableValues.Decode(encoded).Value);
        }
    }

    [Fact]
    public void Doubles_are_json_numbers_and_non_finite_ones_named_strings()
    {
        Assert.Equal("[0.1,1E-08,\"NaN\",\"Infinity\",\"-Infinity\"]",
            Encoding.UTF8.GetString(PortableValues.Encode(new[] { 0.1, 1e-8, double.NaN, double.PositiveInfinity, double.NegativeInfinity }).Payload));
        Assert.Equal("\"2024-01-02T03:04:05.0000000Z\"", Encoding.UTF8.GetString(PortableValues.Encode(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)).Payload));
    }

    [Fact]
    public void Other_objects_are_records_the_codec_does_not_write()
    {
        foreach (var value in new object[] { new List<double> { 1 }, 1m, ulong.MaxValue, new Dictionary<string, int>(), new object(), new double[2, 2] })
        {
            Assert.Equal(PortableKind.Record, PortableValues.KindOf(value));
            Assert.False(PortableValues.TryEncode(value, out _));
            Assert.Contains(value.GetType().Name, Assert.Throws<ArgumentException>(() => PortableValues.Encode(value)).Message);
        }
    }

    [Theory]
    [InlineData(PortableKind.Double, "\"SECRET\"")]
    [InlineData(PortableKind.Double, "SECRET")]
    [InlineData(PortableKind.Double, "1 SECRET")]
    [InlineData(PortableKind.Long, "1.5")]
    [InlineData(PortableKind.Bool, "tSECRET")]
    [InlineData(PortableKind.String, "'SECRET'")]
    [InlineData(PortableKind.String, "null")]
    [InlineData(PortableKind.DateTime, "\"SECRET\"")]
    [InlineData(PortableKind.LongArray, "[1,\"SECRET\"]")]
    [InlineData(PortableKind.StringArray, "[\"SECRET\"")]
    [InlineData(PortableKind.DoubleMatrix, "[[1],null]")]
    [InlineData(PortableKind.DoubleMatrix, "[[[\"SECRET\"]]]")]
    [InlineData(PortableKind.Record, "{\"SECRET\": 1")]
    [InlineData(PortableKind.Record, "{\"a\": 1} SECRET")]
    [InlineData(PortableKind.Null, "\"SECRET\"")]
    [InlineData(PortableKind.Table, "a,b\nSECRET\n")]
    [InlineData(PortableKind.Table, "a\n\"SECRET")]
    [InlineData(PortableKind.Model, "SECRET")]
    [InlineData(PortableKind.Tensor, "SECRET payload")]
    [InlineData(PortableKind.Unspecified, "SECRET")]
    public void Malformed_payloads_are_refused_with_a_message_that_quotes_none_of_them(PortableKind kind, string payload)
    {
        var error = Assert.Throws<InvalidDataException>(() => PortableValues.Decode(kind, PortableEncoding.Unspecified, Encoding.UTF8.GetBytes(payload)));
        AssertQuotesNothing(error);
    }

    [Fact]
    public void Malformed_safetensors_are_refused_with_a_message_that_quotes_none_of_them()
    {
        string[] headers =
        [
            """{"SECRET": {"dtype": "SECRET", "shape": [1], "data_offsets": [0, 4]}}""",
            """{"SECRET": {"dtype": "F32", "shape": [1099511627776, 1099511627776], "data_offsets": [0, 4]}}""",
            """{"SECRET": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}""",
            """{"SECRET": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}""",
            """{"SECRET": {"dtype": "F32", "shape": ["SECRET"], "data_offsets": [0, 4]}}""",
            """{"SECRET": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "SECRET2": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""",
            """{"SECRET": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "SECRET": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""",
            """{"__metadata__": {"architecture": 1}, "SECRET": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""",
            """{"__metadata__": {"format": "SECRET"}, "SECRET": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""",
            """{"__metadata__": {"architecture": "[\"SECRET\"]"}, "SECRET": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""",
            """{"SECRET": [1, 2""",
            """["SECRET"]""",
        ];
        foreach (var header in headers)
        {
            var json = Encoding.UTF8.GetBytes(header);
            var blob = new byte[8 + json.Length + 4];
            BitConverter.TryWriteBytes(blob, (ulong)json.Length);
            json.CopyTo(blob, 8);
            var error = Assert.Throws<InvalidDataException>(() => PortableValues.Decode(PortableKind.Model, PortableEncoding.SafeTensors, blob));
            AssertQuotesNothing(error);
        }
        var tooLong = new byte[16];
        BitConverter.TryWriteBytes(tooLong, (ulong)1 << 40);
        AssertQuotesNothing(Assert.Throws<InvalidDataException>(() => PortableValues.Decode(PortableKind.Tensor, PortableEncoding.SafeTensors, tooLong)));
    }

    [Fact]
    public void Invalid_utf8_in_a_table_is_refused_by_position()
    {
        var error = Assert.Throws<InvalidDataException>(() => PortableValues.Decode(PortableKind.Table, PortableEncoding.Csv, [(byte)'a', (byte)'\n', 0xC3, 0x28]));
        Assert.Contains("not UTF-8 (byte 3)", error.Message);
    }

    [Fact]
    public void The_encoding_must_be_the_kinds_own_or_unset()
    {
        var error = Assert.Throws<InvalidDataException>(() => PortableValues.Decode(PortableKind.Double, PortableEncoding.Csv, "1"u8));
        Assert.Equal("A double is sent as json, not csv.", error.Message);
        Assert.Equal(1.0, PortableValues.Decode(PortableKind.Double, PortableEncoding.Unspecified, "1"u8).Value);
        Assert.Contains("not set", Assert.Throws<InvalidDataException>(() => PortableValues.Decode(PortableKind.Unspecified, PortableEncoding.Json, "1"u8)).Message);
        Assert.Contains("Unknown value kind 99", Assert.Throws<InvalidDataException>(() => PortableValues.Decode((PortableKind)99, PortableEncoding.Json, "1"u8)).Message);
    }

    [Fact]
    public void Payloads_over_the_limit_are_refused_before_they_are_read()
    {
        var error = Assert.Throws<InvalidDataException>(() => PortableValues.Decode(PortableKind.DoubleArray, PortableEncoding.Json, new byte[PortableValues.MaxPayloadBytes + 1]));
        Assert.Contains("at most 67,108,864", error.Message);
    }

    private static void AssertQuotesNothing(Exception error)
    {
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'S'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'t'", error.Message, StringComparison.Ordinal);
    }
}
