namespace PrivateEnv.Hostile.Tests;

/// <summary>
/// What a step produced, from whichever runner: <c>ErrorKind</c> is "" on success, else the
/// kind the worker/server reports (refused, compile, runtime, release, budget, timeout, worker_lost).
/// <c>Everything</c> is every byte of text the analyst could see (stdout, displays, exports,
/// value, error, notices), for the canary check.
/// </summary>
public sealed record StepResult(string ErrorKind, string ErrorMessage, string Stdout, string Everything)
{
    public bool Succeeded => ErrorKind.Length == 0;

    public void AssertMatches(CellStep step, string cell)
    {
        var context = $"{cell} (step at line {step.FirstLine}): kind '{ErrorKind}', error '{ErrorMessage}', stdout '{Truncate(Stdout)}'";
        CanaryDataset.AssertAbsent(Everything, cell);
        switch (step.Expect)
        {
            case Outcome.Refused: Assert.True(ErrorKind == "refused", $"expected a refusal: {context}"); break;
            case Outcome.CompileError: Assert.True(ErrorKind == "compile", $"expected a compile error: {context}"); break;
            case Outcome.RuntimeError: Assert.True(ErrorKind is "runtime" or "release" or "budget", $"expected a runtime error: {context}"); break;
            case Outcome.Ok: Assert.True(Succeeded, $"expected success: {context}"); break;
            case Outcome.Timeout: Assert.True(ErrorKind == "timeout", $"expected a timeout: {context}"); break;
            case Outcome.WorkerLost: Assert.True(ErrorKind == "worker_lost", $"expected the worker to be lost: {context}"); break;
            case Outcome.NoLeak: break;
        }
        if (step.Names is not null)
            Assert.True(ErrorMessage.Contains(step.Names, StringComparison.OrdinalIgnoreCase), $"the error should name '{step.Names}': {context}");
        if (step.Stdout is not null)
            Assert.True(Stdout.Contains(step.Stdout, StringComparison.Ordinal), $"stdout should contain '{step.Stdout}': {context}");
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
