using System.Text;
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
        Assert.Equal(("xs", "double[]", "json"), (export.Name, export.Type, export.Encoding));
        Assert.Equal("[1,2]", Encoding.UTF8.GetString(export.Payload));
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
