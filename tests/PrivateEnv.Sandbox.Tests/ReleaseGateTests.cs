using System.Text;
using PrivateEnv.Portable;
using PrivateEnv.Sandbox.Release;

namespace PrivateEnv.Sandbox.Tests;

public class ReleaseGateTests
{
    [Theory]
    [InlineData("Print(people);")]
    [InlineData("Print(people[\"age\"]);")]
    [InlineData("Export(people, \"leak\");")]
    [InlineData("Print(new List<object> { 1, people });")]
    [InlineData("record Box(object Inner); Print(new Box(people[\"age\"]));")]
    [InlineData("Display(people);")]
    public void PrivateObjectsCannotLeave(string code)
    {
        using var harness = new CellHarness();
        var compiled = harness.Compile(code);
        Assert.True(compiled.Succeeded, string.Join("; ", compiled.Errors));
        var error = Assert.Throws<ReleaseRefusedException>(() => harness.Session.RunAsync(compiled).GetAwaiter().GetResult());
        Assert.Contains("cannot leave the server", error.Message);
        Assert.Equal("", harness.Output.Stdout.ToString());
        Assert.Empty(harness.Output.Exports);
    }

    [Fact]
    public void PublicValuesAndRecordsPass()
    {
        using var harness = new CellHarness();
        harness.Run("record Summary(string Name, double Value); Print(new Summary(\"m\", 1.5)); Export(new[] { 1.0, 2.0 }, \"xs\");");
        Assert.Equal("Summary { Name = m, Value = 1.5 }\n", harness.Output.Stdout.ToString());
        var export = Assert.Single(harness.Output.Exports);
        Assert.Equal(("xs", PortableKind.DoubleArray, PortableEncoding.Json), (export.Name, export.Value.Kind, export.Value.Encoding));
        Assert.Equal("[1,2]", Encoding.UTF8.GetString(export.Value.Payload));
    }

    [Fact]
    public void Exports_use_the_codecs_kinds_and_decode_with_it_to_the_same_value()
    {
        object?[] values = [2.5, 7, true, "text", new DateTime(2024, 1, 2), new[] { 1.5, double.NaN }, new long[] { 1, 2 },
            new[] { "a", "b" }, new[] { true }, new[] { new[] { 1.0 }, new[] { 2.0, 3.0 } }, null];
        foreach (var value in values)
        {
            var encoded = ReleaseGate.Encode(value);
            Assert.Equal(PortableValues.KindOf(value), encoded.Kind);
            var expected = value is int i ? (long)i : value;
            Assert.Equal(expected, PortableValues.Decode(encoded).Value);
        }
        var record = ReleaseGate.Encode(new Dictionary<string, double> { ["mean"] = 1.5 });
        Assert.Equal((PortableKind.Record, PortableEncoding.Json, ""), (record.Kind, record.Encoding, record.TypeName));
        Assert.Equal("{\"mean\":1.5}", Encoding.UTF8.GetString(record.Payload));
    }

    [Fact]
    public void The_codecs_own_objects_and_oversized_arrays_do_not_pass()
    {
        Assert.Throws<ReleaseRefusedException>(() => ReleaseGate.Encode(new PortableTable(["a"], [["1"]])));
        Assert.Throws<ReleaseRefusedException>(() => ReleaseGate.Encode(new[] { new NamedTensor("w", [1], [1f]) }));
        Assert.Throws<ReleaseRefusedException>(() => ReleaseGate.Encode(new double[100_001]));
        Assert.Throws<ReleaseRefusedException>(() => ReleaseGate.Encode(new[] { new double[100_001] }));
    }

    [Fact]
    public void SchemaTextNeverContainsValues()
    {
        using var harness = new CellHarness();
        var text = (string)harness.Run("people.ToString()")!;
        Assert.Contains("age: numeric in [0, 100]", text);
        foreach (var value in new[] { "1234", "2345", "3456", "31", "42", "53" })
            Assert.DoesNotContain(value, text);
    }

    [Fact]
    public void ExportNamesMustBeIdentifiers()
    {
        using var harness = new CellHarness();
        var compiled = harness.Compile("Export(1.0, \"not a name\");");
        Assert.True(compiled.Succeeded);
        Assert.Throws<ArgumentException>(() => harness.Session.RunAsync(compiled).GetAwaiter().GetResult());
    }
}
