using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Filters;
using PrivateEnv.Server.Ledger;

namespace PrivateEnv.Server.Tests;

/// <summary>What every ledger must do, run against SQLite and PostgreSQL.</summary>
public abstract class LedgerContract
{
    protected abstract RelationalLedger OpenLedger();

    /// <summary>
    /// A new database with the tables as they were before sessions kept their filter's state (ba25e2a: no
    /// sessions.filter_state, no lifetime_spent) and <paramref name="rows"/> inserted, then opened by today's ledger.
    /// </summary>
    protected abstract OldLedger OpenLedgerFromBeforeTheStateWasKept(IEnumerable<string> rows);

    /// <summary>The opened ledger, and a way to look at its tables directly.</summary>
    protected sealed record OldLedger(RelationalLedger Ledger, Func<string, object?> Scalar) : IDisposable
    {
        public void Dispose() => Ledger.Dispose();
    }

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

    [SkippableFact]
    public async Task ALedgerFromBeforeTheStateWasKeptOpensAndChargesWithItsStateRebuilt()
    {
        string Charge(string session, PrivacyEvent e, double epsilon, double delta, string description) =>
            $"INSERT INTO charges(session_id, cell_id, description, epsilon, delta, event_json, created) VALUES ('{session}', 'c', '{description}', {epsilon:R}, {delta:R}, '{e.ToJson()}', 1)";
        var gaussian = new PrivacyCharge(new GaussianEvent(4), 1.2, 1e-6, "gaussian");
        using var old = OpenLedgerFromBeforeTheStateWasKept(
        [
            "INSERT INTO sessions(id, analyst, epsilon_total, delta_total, lifetime_epsilon, lifetime_delta, composition, created, closed) VALUES ('basic1', 'old', 3, 1e-5, 4, 1e-4, 'basic', 1, 2)",
            "INSERT INTO sessions(id, analyst, epsilon_total, delta_total, lifetime_epsilon, lifetime_delta, composition, created, closed) VALUES ('renyi1', 'old', 2, 1e-5, 4, 1e-4, 'renyi', 3, NULL)",
            "INSERT INTO session_datasets(session_id, dataset) VALUES ('basic1', 'patients')",
            "INSERT INTO session_datasets(session_id, dataset) VALUES ('renyi1', 'patients')",
            Charge("basic1", new PureDpEvent(1), 1, 0, "one"),
            Charge("basic1", new PureDpEvent(1.25), 1.25, 0, "two"),
            Charge("renyi1", gaussian.Event, gaussian.Epsilon, gaussian.Delta, gaussian.Description),
        ]);
        var ledger = old.Ledger;
        var basic = new BasicCompositionFilter(3, 1e-5);
        var renyi = new RenyiFilter(2, 1e-5);

        // Read before any charge: summed from the record, nothing written yet.
        Assert.Equal(2.25, (await ledger.GetBudgetAsync("basic1")).EpsilonSpent);
        Assert.Equal(renyi.Status(renyi.StateOf([gaussian])).SpentEpsilon, (await ledger.GetBudgetAsync("renyi1")).EpsilonSpent);
        Assert.Equal(3.45, Assert.Single(await ledger.GetLifetimeAsync("renyi1")).EpsilonSpent, 12);
        Assert.Null(Stored(old, "basic1"));
        Assert.Equal(0L, Convert.ToInt64(old.Scalar("SELECT COUNT(*) FROM lifetime_spent")));

        // The first charge rebuilds and stores the state and the lifetime sums; the next reads them.
        Assert.True((await ledger.TryChargeAsync("basic1", "c", PrivacyCharge.Pure(0.5, "half"))).Granted);
        var stored = basic.ReadState(Stored(old, "basic1")!);
        Assert.Equal(basic.StateOf([PrivacyCharge.Pure(1, "one"), PrivacyCharge.Pure(1.25, "two"), PrivacyCharge.Pure(0.5, "half")]).ToJson(), stored.ToJson());
        Assert.Equal(3.95, Convert.ToDouble(old.Scalar("SELECT epsilon_sum + epsilon_compensation FROM lifetime_spent WHERE analyst = 'old' AND dataset = 'patients'")), 12);
        var refused = await ledger.TryChargeAsync("basic1", "c", PrivacyCharge.Pure(0.25, "over the lifetime cap"));
        Assert.Equal((BudgetScope.Lifetime, 0.05), (refused.Refusal!.Scope, Math.Round(refused.Refusal.EpsilonLeft, 9)));
        Assert.Equal(["one", "two", "half"], (await ledger.GetChargesAsync("basic1")).Select(c => c.Description));

        // A stored state the filter cannot read (kept over other orders) is rebuilt from the record, and kept even when the charge is refused.
        old.Scalar("""UPDATE sessions SET filter_state = '{"filter":"renyi","admitted":1,"orders":[2],"curve":[5],"approximate_delta":0}' WHERE id = 'renyi1'""");
        Assert.Equal(renyi.Status(renyi.StateOf([gaussian])).SpentEpsilon, (await ledger.GetBudgetAsync("renyi1")).EpsilonSpent);
        Assert.Equal(BudgetScope.Session, (await ledger.TryChargeAsync("renyi1", "c", PrivacyCharge.Pure(10, "too much"))).Refusal!.Scope);
        Assert.Equal(renyi.StateOf([gaussian]).ToJson(), Stored(old, "renyi1"));
    }

    private static string? Stored(OldLedger old, string sessionId) =>
        old.Scalar($"SELECT filter_state FROM sessions WHERE id = '{sessionId}'") as string;

    [SkippableFact]
    public async Task TheLedgerKeepsAtMost240CharactersOfADescriptionAnd128OfACellId()
    {
        using var ledger = OpenLedger();
        var session = NewSession("a-" + Guid.NewGuid().ToString("N"));
        await ledger.CreateSessionAsync(session);
        // From a hostile worker: a megabyte of description, 100,000 characters of cell id.
        Assert.True((await ledger.TryChargeAsync(session.Id, new string('c', 100_000), PrivacyCharge.Pure(0.1, new string('d', 1_000_000)))).Granted);
        // Cut before an emoji whose two UTF-16 halves straddle the limit: neither half is kept alone.
        Assert.True((await ledger.TryChargeAsync(session.Id, "cell-2", PrivacyCharge.Pure(0.1, new string('a', 238) + "😀 and more"))).Granted);
        Assert.True((await ledger.TryChargeAsync(session.Id, new string('e', 128), PrivacyCharge.Pure(0.1, new string('f', 240)))).Granted);
        var charges = await ledger.GetChargesAsync(session.Id);
        Assert.Equal(new string('d', 239) + "…", charges[0].Description);
        Assert.Equal(new string('c', 127) + "…", charges[0].CellId);
        Assert.Equal(new string('a', 238) + "…", charges[1].Description);
        Assert.Equal("cell-2", charges[1].CellId);
        Assert.Equal((new string('f', 240), new string('e', 128)), (charges[2].Description, charges[2].CellId));
    }

    [SkippableFact]
    public async Task AChargeCountsAgainstTheLifetimeOfEveryDatasetOfItsSession()
    {
        using var ledger = OpenLedger();
        var analyst = "a-" + Guid.NewGuid().ToString("N");
        var both = NewSession(analyst, 3, 4, "patients", "adult");
        await ledger.CreateSessionAsync(both);
        Assert.True((await ledger.TryChargeAsync(both.Id, "c", PrivacyCharge.Pure(2.5, "both"))).Granted);
        var adult = NewSession(analyst, 3, 4, "adult");
        await ledger.CreateSessionAsync(adult);
        var refused = await ledger.TryChargeAsync(adult.Id, "c", PrivacyCharge.Pure(2, "adult"));
        Assert.Equal((BudgetScope.Lifetime, "adult"), (refused.Refusal!.Scope, refused.Refusal.Dataset));
        Assert.True((await ledger.TryChargeAsync(adult.Id, "c", PrivacyCharge.Pure(1.5, "adult"))).Granted);
        Assert.Equal([("adult", 4.0), ("patients", 2.5)], (await ledger.GetLifetimeAsync(both.Id)).Select(l => (l.Dataset, Math.Round(l.EpsilonSpent, 12))));
    }
}
