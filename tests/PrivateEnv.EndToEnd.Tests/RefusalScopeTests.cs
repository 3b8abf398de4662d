using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;
using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>
/// A refusal names the budget that stopped the call, in the ledger's own words: a lifetime cap is not reported as the
/// session's budget, and a call refused for δ says so (the worker used to rebuild a session-ε message from the figures).
/// </summary>
public class RefusalScopeTests
{
    [Fact]
    public async Task Lifetime_and_delta_refusals_say_which_budget_stopped_them()
    {
        await using var server = await ServerProcess.StartAsync(["--session-epsilon", "5", "--lifetime-epsilon", "1", "--session-delta", "1e-9"]);
        await using var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
        Assert.Null((await session.RunAsync("Print(patients.Count(eps: 0.8));")).Error);

        var lifetime = await session.RunAsync("Print(patients.Count(eps: 0.5));");
        Assert.NotNull(lifetime.Error);
        Assert.Contains("lifetime budget on 'patients'", lifetime.Error!.Message);
        Assert.Contains("left of 1", lifetime.Error.Message);
        Assert.DoesNotContain("the session has", lifetime.Error.Message);
        Assert.Equal(BudgetScope.Lifetime, lifetime.Error.Refusal.Scope);
        Assert.Equal("patients", lifetime.Error.Refusal.Dataset);
        Assert.Equal(1.0, lifetime.Error.Refusal.EpsilonTotal, 12);
        Assert.Equal(0.2, lifetime.Error.Refusal.EpsilonLeft, 9);

        var delta = await session.RunAsync("""
            var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 1 })), 1.0, noiseMultiplier: 50.0);
            model.Compile("sgd", "crossentropy");
            model.Fit(new PrivateDataLoader(FrameTensors.Features(patients, "age"), FrameTensors.ClassLabels(patients, "sex"), 500), epochs: 1, targetDelta: 1e-6, metricsEpsilon: 0);
            """);
        Assert.NotNull(delta.Error);
        Assert.Contains("this call needs δ=1E-06, the session has δ=1E-09 left of 1E-09", delta.Error!.Message);
        Assert.Equal(ErrorKind.Budget, delta.Error.Kind);
        Assert.Equal(BudgetScope.Session, delta.Error.Refusal.Scope);
        Assert.Equal(1e-6, delta.Error.Refusal.DeltaNeeded, 12);
        Assert.Equal(0.8, (await session.GetOdometerAsync()).Session.EpsilonSpent, 9);
    }
}
