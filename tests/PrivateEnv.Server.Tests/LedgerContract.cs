using PrivateEnv.Privacy;
using PrivateEnv.Server.Ledger;

namespace PrivateEnv.Server.Tests;

/// <summary>What every ledger must do, run against SQLite and PostgreSQL.</summary>
public abstract class LedgerContract
{
    protected abstract RelationalLedger OpenLedger();

    protected static SessionRecord NewSession(string analyst, double epsilon = 3, double lifetime = 10, params string[] datasets) =>
        new(Guid.NewGuid().ToString("N"), analyst, datasets.Length == 0 ? ["patients"] : datasets, epsilon, 1e-5, lifetime, 1e-4);

    [SkippableFact]
    public async Task ChargesAddUpAndARefusalSaysWhatIsLeft()
    {
        using var ledger = OpenLedger();
        var session = NewSession("a-" + Guid.NewGuid().ToString("N"));
        await ledger.CreateSessionAsync(session);
        Assert.True((await ledger.TryChargeAsync(session.Id, "c1", PrivacyCharge.Pure(1.25, "one"))).Granted);
        Assert.True((await ledger.TryChargeAsync(session.Id, "c2", PrivacyCharge.Pure(1.25, "two"))).Granted);
        var refused = await ledger.TryChargeAsync(session.Id, "c3", PrivacyCharge.Pure(1.0, "three"));
        Assert.False(refused.Granted);
        Assert.Equal(BudgetScope.Session, refused.Refusal!.Scope);
        Assert.Contains("needs ε=1", refused.Refusal.Message);
        Assert.Contains("ε=0.5 left of 3", refused.Refusal.Message);
        var budget = await ledger.GetBudgetAsync(session.Id);
        Assert.Equal(2.5, budget.EpsilonSpent, 12);
        Assert.Equal(["one", "two"], (await ledger.GetChargesAsync(session.Id)).Select(c => c.Description));
    }

    [SkippableFact]
    public async Task ThirtyTenthsFitACapOfThree()
    {
        using var ledger = OpenLedger();
        var session = NewSession("a-" + Guid.NewGuid().ToString("N"));
        await ledger.CreateSessionAsync(session);
        for (var i = 0; i < 30; i++)
            Assert.True((await ledger.TryChargeAsync(session.Id, $"c{i}", PrivacyCharge.Pure(0.1, "tenth"))).Granted);
        Assert.False((await ledger.TryChargeAsync(session.Id, "over", PrivacyCharge.Pure(0.1, "tenth"))).Granted);
    }

    [SkippableFact]
    public async Task TheLifetimeCapSpansSessionsOfOneAnalystOnOneDataset()
    {
        using var ledger = OpenLedger();
        var analyst = "a-" + Guid.NewGuid().ToString("N");
        var first = NewSession(analyst, epsilon: 3, lifetime: 4);
        await ledger.CreateSessionAsync(first);
        Assert.True((await ledger.TryChargeAsync(first.Id, "c", PrivacyCharge.Pure(3, "all of it"))).Granted);
        await ledger.CloseSessionAsync(first.Id);
        var second = NewSession(analyst, epsilon: 3, lifetime: 4);
        await ledger.CreateSessionAsync(second);
        var refused = await ledger.TryChargeAsync(second.Id, "c", PrivacyCharge.Pure(2, "more"));
        Assert.False(refused.Granted);
        Assert.Equal((BudgetScope.Lifetime, "patients"), (refused.Refusal!.Scope, refused.Refusal.Dataset));
        Assert.Equal((2.0, 1.0, 4.0), (refused.Refusal.EpsilonNeeded, Math.Round(refused.Refusal.EpsilonLeft, 9), refused.Refusal.EpsilonTotal));
        Assert.Contains("lifetime budget on 'patients'", refused.Refusal!.Message);
        Assert.True((await ledger.TryChargeAsync(second.Id, "c", PrivacyCharge.Pure(1, "the rest"))).Granted);
        var lifetime = Assert.Single(await ledger.GetLifetimeAsync(second.Id));
        Assert.Equal(4, lifetime.EpsilonSpent, 12);
        // Another dataset, or another analyst, is not affected.
        var other = NewSession(analyst, 3, 4, "adult");
        await ledger.CreateSessionAsync(other);
        Assert.True((await ledger.TryChargeAsync(other.Id, "c", PrivacyCharge.Pure(3, "adult"))).Granted);
    }

    [SkippableFact]
    public async Task SixtyFourConcurrentClientsNeverExceedTheSessionOrLifetimeCap()
    {
        using var ledger = OpenLedger();
        var analyst = "a-" + Guid.NewGuid().ToString("N");
        var sessions = new List<SessionRecord>();
        for (var i = 0; i < 4; i++)
        {
            var s = NewSession(analyst, epsilon: 3, lifetime: 7);
            await ledger.CreateSessionAsync(s);
            sessions.Add(s);
        }
        var granted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 64), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (client, _) =>
        {
            for (var k = 0; k < 10; k++)
            {
                var session = sessions[(client + k) % sessions.Count];
                if ((await ledger.TryChargeAsync(session.Id, $"c{client}-{k}", PrivacyCharge.Pure(0.1, "q"))).Granted)
                    Interlocked.Increment(ref granted);
            }
        });
        var perSession = await Task.WhenAll(sessions.Select(s => ledger.GetBudgetAsync(s.Id)));
        Assert.All(perSession, b => Assert.True(b.EpsilonSpent <= 3 + 1e-9, $"session spent {b.EpsilonSpent}"));
        var total = perSession.Sum(b => b.EpsilonSpent);
        Assert.True(total <= 7 + 1e-9, $"lifetime spent {total}");
        Assert.Equal(70, granted);
        Assert.Equal(granted * 0.1, total, 9);
    }
}
