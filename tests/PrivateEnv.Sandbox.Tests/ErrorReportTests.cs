using PrivateEnv.Protocol.V1;
using System.Reflection;
using PrivateEnv.Sandbox.Release;

namespace PrivateEnv.Sandbox.Tests;

/// <summary>
/// ErrorReport on real thrown exceptions. This test assembly is named PrivateEnv.*, so it plays a
/// library: a BCL exception raised beneath it (which may quote a private value) must be withheld.
/// </summary>
public class ErrorReportTests
{
    private static Exception ThrowParse(string text)
    {
        try { _ = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture); }
        catch (FormatException e) { return e; }
        throw new InvalidOperationException("int.Parse should have thrown");
    }

    [Fact]
    public void AMessageFromBeneathALibraryCallIsWithheld()
    {
        var report = ErrorReport.From(ThrowParse("SECRET-4471"), _ => false);
        Assert.Equal(ErrorKind.Runtime, report.Kind);
        Assert.DoesNotContain("SECRET", report.Message);
        Assert.Equal(ErrorReport.WithheldMessage, report.Message);
        Assert.DoesNotContain("FormatException", report.Message);
    }

    [Fact]
    public void TheCellsOwnCallKeepsItsMessage()
    {
        var thisAssembly = typeof(ErrorReportTests).Assembly;
        var report = ErrorReport.From(ThrowParse("abc"), a => a == thisAssembly);
        Assert.Contains("FormatException", report.Message);
        Assert.Contains("abc", report.Message);
    }

    [Fact]
    public void WrappersAreUnwrappedAndBudgetMessagesPass()
    {
        var budget = new PrivateEnv.Privacy.BudgetExceededException(new PrivateEnv.Privacy.BudgetRefusal(PrivateEnv.Privacy.BudgetScope.Session, null, 0.5, 0.2, 3.0, 0, 0, 0));
        var report = ErrorReport.From(new TargetInvocationException(new AggregateException(budget)), _ => false);
        Assert.Equal(ErrorKind.Budget, report.Kind);
        Assert.Contains("ε=0.5", report.Message);
    }

    [Fact]
    public void ErrorsInACellCarryItsLine()
    {
        using var harness = new CellHarness();
        var compiled = harness.Compile("var a = 1;\nvar b = 0;\nvar c = a / b;");
        Assert.True(compiled.Succeeded);
        var error = Assert.ThrowsAny<Exception>(() => harness.Session.RunAsync(compiled).GetAwaiter().GetResult());
        var report = ErrorReport.From(error, harness.Session.IsCellAssembly);
        Assert.Equal(3, report.Line);
        Assert.Contains("DivideByZeroException", report.Message);
    }
}
