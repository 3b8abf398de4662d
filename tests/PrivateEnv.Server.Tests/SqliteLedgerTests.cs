using Microsoft.Data.Sqlite;
using PrivateEnv.Privacy;
using PrivateEnv.Server.Ledger;

namespace PrivateEnv.Server.Tests;

public sealed class SqliteLedgerTests : LedgerContract, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("privateenv-ledger-").FullName;

    protected override RelationalLedger OpenLedger() => RelationalLedger.Open(Path.Combine(directory, "ledger.db"));

    /// <summary>The schema as SqliteDialect created it at ba25e2a.</summary>
    private static readonly string[] SchemaBeforeTheStateWasKept =
    [
        """
        CREATE TABLE IF NOT EXISTS sessions(
          id TEXT PRIMARY KEY, analyst TEXT NOT NULL,
          epsilon_total REAL NOT NULL, delta_total REAL NOT NULL,
          lifetime_epsilon REAL NOT NULL, lifetime_delta REAL NOT NULL, composition TEXT NOT NULL,
          created INTEGER NOT NULL, closed INTEGER)
        """,
        "CREATE TABLE IF NOT EXISTS session_datasets(session_id TEXT NOT NULL REFERENCES sessions(id), dataset TEXT NOT NULL, PRIMARY KEY(session_id, dataset))",
        """
        CREATE TABLE IF NOT EXISTS charges(
          id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id),
          cell_id TEXT NOT NULL, description TEXT NOT NULL, epsilon REAL NOT NULL, delta REAL NOT NULL,
          event_json TEXT NOT NULL, created INTEGER NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS charges_by_session ON charges(session_id)",
        "CREATE INDEX IF NOT EXISTS sessions_by_analyst ON sessions(analyst)",
    ];

    protected override OldLedger OpenLedgerFromBeforeTheStateWasKept(IEnumerable<string> rows)
    {
        var path = CreateFileFromBeforeTheStateWasKept(rows);
        return new OldLedger(RelationalLedger.Open(path), sql =>
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        });
    }

    private string CreateFileFromBeforeTheStateWasKept(IEnumerable<string> rows)
    {
        var path = Path.Combine(directory, $"old-{Guid.NewGuid():N}.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        foreach (var statement in SchemaBeforeTheStateWasKept.Concat(rows))
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
        return path;
    }

    [Fact]
    public async Task LedgersOpeningAnOldFileAtOnceAddTheNewColumnOnce()
    {
        var path = CreateFileFromBeforeTheStateWasKept([]);
        // Separate connections, as separate server processes would have; each checks for the column inside BEGIN IMMEDIATE.
        var ledgers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RelationalLedger.Open(path))));
        try
        {
            var session = NewSession("upgraded");
            await ledgers[0].CreateSessionAsync(session);
            Assert.True((await ledgers[1].TryChargeAsync(session.Id, "c", PrivacyCharge.Pure(0.5, "x"))).Granted);
            Assert.Equal(0.5, (await ledgers[2].GetBudgetAsync(session.Id)).EpsilonSpent);
        }
        finally
        {
            foreach (var ledger in ledgers) ledger.Dispose();
        }
    }

    [Fact]
    public async Task ChargesSurviveReopeningTheFile()
    {
        var session = NewSession("durable");
        using (var ledger = OpenLedger())
        {
            await ledger.CreateSessionAsync(session);
            Assert.True((await ledger.TryChargeAsync(session.Id, "c", PrivacyCharge.Pure(0.7, "kept"))).Granted);
        }
        using var reopened = OpenLedger();
        Assert.Equal(0.7, (await reopened.GetBudgetAsync(session.Id)).EpsilonSpent, 12);
    }

    [Fact]
    public async Task AReadOnlyLedgerRefusesChargesAndRecordsNothing()
    {
        var session = NewSession("readonly");
        var path = Path.Combine(directory, "ledger.db");
        using (var ledger = OpenLedger()) await ledger.CreateSessionAsync(session);
        using (var blocked = new RelationalLedger(new ReadOnlySqliteDialect(path)))
            await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => blocked.TryChargeAsync(session.Id, "c", PrivacyCharge.Pure(0.1, "x")));
        using var reopened = OpenLedger();
        Assert.Equal(0, (await reopened.GetBudgetAsync(session.Id)).EpsilonSpent);
        Assert.Empty(await reopened.GetChargesAsync(session.Id));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>The SQLite dialect opened with Mode=ReadOnly, as a read-only disk would present it.</summary>
    private sealed class ReadOnlySqliteDialect(string path) : ILedgerDialect
    {
        private readonly Microsoft.Data.Sqlite.SqliteConnection connection = Open(path);

        private static Microsoft.Data.Sqlite.SqliteConnection Open(string path)
        {
            var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            c.Open();
            return c;
        }

        public string Name => "sqlite-readonly";
        public Task<System.Data.Common.DbConnection> AcquireAsync() => Task.FromResult<System.Data.Common.DbConnection>(connection);
        public void Release(System.Data.Common.DbConnection c) { }
        public IEnumerable<string> Schema => [];
        public Task<System.Data.Common.DbTransaction> BeginChargeAsync(System.Data.Common.DbConnection c, string analyst) =>
            Task.FromResult<System.Data.Common.DbTransaction>(connection.BeginTransaction(deferred: false));
        public void Dispose() => connection.Dispose();
    }
}

public sealed class CompositionTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("privateenv-composition-").FullName;

    [Fact]
    public async Task TheRenyiFilterAdmitsMoreGaussianChargesThanBasicCompositionWithinTheSameCap()
    {
        using var ledger = RelationalLedger.Open(Path.Combine(directory, "ledger.db"));
        async Task<int> AdmittedUnder(string composition)
        {
            var session = new SessionRecord(Guid.NewGuid().ToString("N"), "a", ["patients"], 2.0, 1e-5, 1000, 1, composition);
            await ledger.CreateSessionAsync(session);
            var admitted = 0;
            // Each release alone: Gaussian σ = 4 (sensitivity 1) is about (1.2, 1e-6)-DP.
            while (admitted < 100 && (await ledger.TryChargeAsync(session.Id, "c", new PrivacyCharge(new GaussianEvent(4), 1.2, 1e-6, "gaussian"))).Granted)
                admitted++;
            return admitted;
        }
        var basic = await AdmittedUnder("basic");
        var renyi = await AdmittedUnder("renyi");
        Assert.Equal(1, basic);
        Assert.True(renyi > basic, $"renyi admitted {renyi}, basic {basic}");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
