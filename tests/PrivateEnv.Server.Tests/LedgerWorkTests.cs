using System.Data.Common;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Filters;
using PrivateEnv.Server.Ledger;

namespace PrivateEnv.Server.Tests;

/// <summary>
/// A charge costs the same work after 2,000 earlier charges as after 10. Work is counted, not timed: SQLite's
/// virtual-machine steps, which grow with every row a statement reads (a scan of the session's charges or a sum
/// over the analyst's would add thousands).
/// </summary>
public sealed class LedgerWorkTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("privateenv-ledger-work-").FullName;

    [Theory]
    [InlineData("basic")]
    [InlineData("renyi")]
    public async Task AChargeAndABudgetReadDoNoMoreWorkAfterTwoThousandChargesThanAfterTen(string composition)
    {
        var dialect = new CountingSqliteDialect(Path.Combine(directory, $"{composition}.db"));
        using var ledger = new RelationalLedger(dialect);
        var session = new SessionRecord(Guid.NewGuid().ToString("N"), "long-notebook", ["patients", "adult"], 1e6, 1e-5, 1e7, 1e-4, composition);
        await ledger.CreateSessionAsync(session);
        var charge = PrivacyCharge.Pure(1e-3, "step");
        var made = 0;

        async Task<(long Charge, long Budget)> WorkAfter(int earlier)
        {
            for (; made < earlier; made++)
                Assert.True((await ledger.TryChargeAsync(session.Id, $"c{made}", charge)).Granted);
            var before = dialect.Steps;
            for (var k = 0; k < 5; k++, made++)
                Assert.True((await ledger.TryChargeAsync(session.Id, $"c{made}", charge)).Granted);
            var perCharge = (dialect.Steps - before) / 5;
            before = dialect.Steps;
            await ledger.GetBudgetAsync(session.Id);
            return (perCharge, dialect.Steps - before);
        }

        var early = await WorkAfter(10);
        var late = await WorkAfter(2_000);
        output.WriteLine($"{composition}: steps per charge {early.Charge} after 10, {late.Charge} after 2,000; budget read {early.Budget}, {late.Budget}");
        Assert.True(early.Charge > 0 && early.Budget > 0, "the counter counts nothing");
        Assert.True(late.Charge <= early.Charge, $"a charge after 2,000 took {late.Charge} steps, after 10 {early.Charge}");
        Assert.True(late.Budget <= early.Budget, $"a budget read after 2,000 charges took {late.Budget} steps, after 10 {early.Budget}");
        var expected = PrivacyFilters.Create(composition, 1e6, 1e-5);
        Assert.Equal(expected.Status(expected.StateOf(Enumerable.Repeat(charge, made))).SpentEpsilon, (await ledger.GetBudgetAsync(session.Id)).EpsilonSpent);
        Assert.All(await ledger.GetLifetimeAsync(session.Id), l => Assert.Equal(made * 1e-3, l.EpsilonSpent, 9));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>The SQLite dialect with a progress handler that counts the virtual-machine steps of every statement.</summary>
    private sealed class CountingSqliteDialect(string path) : ILedgerDialect
    {
        private readonly SqliteDialect inner = new(path);
        private SQLitePCL.delegate_progress? handler;

        public long Steps { get; private set; }

        public string Name => inner.Name;
        public IEnumerable<string> Schema => inner.Schema;

        public async Task<DbConnection> AcquireAsync()
        {
            var connection = (SqliteConnection)await inner.AcquireAsync();
            if (handler is null)
            {
                handler = _ => { Steps++; return 0; };
                SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, 1, handler, null);
            }
            return connection;
        }

        public void Release(DbConnection connection) => inner.Release(connection);
        public Task<DbTransaction> BeginChargeAsync(DbConnection connection, string analyst) => inner.BeginChargeAsync(connection, analyst);
        public void Dispose() => inner.Dispose();
    }
}
