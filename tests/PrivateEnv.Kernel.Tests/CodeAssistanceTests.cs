using PrivateEnv.Kernel.Local;

namespace PrivateEnv.Kernel.Tests;

public class CodeAssistanceTests
{
    private readonly LocalInterpreter interpreter = new(new OutputRouter());

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("1 + 2", "complete")]
    [InlineData("if (true) {", "incomplete")]
    [InlineData("var = 3 +;", "invalid")]
    [InlineData("#!private odometer", "complete")]
    [InlineData("#!private\nforeach (var r in rows) {", "incomplete")]
    public void Is_complete(string code, string expected) => Assert.Equal(expected, CodeAssistance.IsComplete(code));

    [Fact]
    public async Task Completes_members_of_local_variables()
    {
        await interpreter.RunAsync("var numbers = new List<int>();", default);
        var completion = new CodeAssistance(interpreter).Complete("numbers.Ad", 10);
        Assert.Contains("Add", completion.Matches);
        Assert.Contains("AddRange", completion.Matches);
        Assert.Equal(8, completion.CursorStart);
    }

    [Fact]
    public void Completes_private_subcommands()
    {
        var completion = new CodeAssistance(interpreter).Complete("#!private im", 12);
        Assert.Equal(["import"], completion.Matches);
        Assert.Equal(10, completion.CursorStart);
    }

    [Fact]
    public async Task Inspects_variables_and_types()
    {
        await interpreter.RunAsync("var ages = new[] { 30.0, 40.0 };", default);
        var assistance = new CodeAssistance(interpreter);
        Assert.Equal("ages: double[]\n[30, 40]", assistance.Inspect("ages", 2));
        Assert.StartsWith("System.Math", assistance.Inspect("Math.Sqrt", 2));
        Assert.Null(assistance.Inspect("nothingHere", 3));
    }
}
