using PrivateEnv.Kernel.Local;

namespace PrivateEnv.Kernel.Tests;

public class LocalInterpreterTests
{
    private readonly LocalInterpreter interpreter = new(new OutputRouter());

    [Fact]
    public async Task State_carries_across_cells_and_trailing_expressions_are_values()
    {
        Assert.False((await interpreter.RunAsync("var x = 20;", default)).HasValue);
        var result = await interpreter.RunAsync("x * 2 + 2", default);
        Assert.True(result.HasValue);
        Assert.Equal(42, result.Value);
    }

    [Fact]
    public async Task Compile_errors_name_the_place()
    {
        var result = await interpreter.RunAsync("int y = \"text\";", default);
        var error = Assert.Single(result.CompileErrors!);
        Assert.Contains("(1,9): error CS0029", error);
    }

    [Fact]
    public async Task An_exception_keeps_what_ran_before_it()
    {
        var result = await interpreter.RunAsync("var before = 1; throw new InvalidOperationException(\"boom\");", default);
        Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.True(interpreter.TryGetVariable("before", out var value));
        Assert.Equal(1, value);
    }

    [Fact]
    public async Task Defined_variables_have_the_exported_type()
    {
        await interpreter.DefineVariableAsync("meanAge", 48.5, typeof(double));
        await interpreter.DefineVariableAsync("@class", new[] { "a" }, typeof(string[])).ContinueWith(t => Assert.IsType<ArgumentException>(t.Exception!.InnerException));
        await interpreter.DefineVariableAsync("labels", new[] { "a", "b" }, typeof(string[]));
        var result = await interpreter.RunAsync("meanAge.GetType().Name + labels.Length", default);
        Assert.Equal("Double2", result.Value);
    }

    [Fact]
    public async Task Op_libs_are_usable_locally()
    {
        var result = await interpreter.RunAsync("typeof(IReleasable).Assembly.GetName().Name", default);
        Assert.Equal("PrivateEnv.Privacy", result.Value);
    }

    [Fact]
    public async Task Cancellation_reaches_the_running_cell()
    {
        var started = new TaskCompletionSource();
        await interpreter.DefineVariableAsync("started", started, typeof(TaskCompletionSource));
        using var cancel = new CancellationTokenSource();
        var run = interpreter.RunAsync("started.SetResult(); await Task.Delay(Timeout.Infinite, Cancellation);", cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        cancel.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.IsAssignableFrom<OperationCanceledException>(result.Exception);
    }

    [Fact]
    public async Task Cancelling_before_the_cell_runs_reports_cancellation()
    {
        var result = await interpreter.RunAsync("var never = 1;", new CancellationToken(canceled: true));
        Assert.IsAssignableFrom<OperationCanceledException>(result.Exception);
        Assert.False(interpreter.TryGetVariable("never", out _));
    }
}
