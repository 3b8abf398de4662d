using Npgsql;
using PrivateEnv.Server.Ledger;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Server.Tests;

/// <summary>A real PostgreSQL server for the ledger contract (started by the test run).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private Exception? startError;
    public PostgresServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        try { Server = await PostgresServer.StartAsync(); }
        catch (Exception e) when (e is not Xunit.SkipException) { startError = e; }
        catch (Xunit.SkipException e) { startError = e; }
    }

    public PostgresServer Require() => Server ?? throw startError!;

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

public sealed class PostgresLedgerTests(PostgresFixture fixture) : LedgerContract, IClassFixture<PostgresFixture>
{
    protected override RelationalLedger OpenLedger() => RelationalLedger.Open(fixture.Require().ConnectionString());

    /// <summary>The schema as PostgresDialect created it at ba25e2a.</summary>
    private static readonly string[] SchemaBeforeTheStateWasKept =
    [
        """
        CREATE TABLE IF NOT EXISTS sessions(
          id TEXT PRIMARY KEY, analyst TEXT NOT NULL,
          epsilon_total DOUBLE PRECISION NOT NULL, delta_total DOUBLE PRECISION NOT NULL,
          lifetime_epsilon DOUBLE PRECISION NOT NULL, lifetime_delta DOUBLE PRECISION NOT NULL, composition TEXT NOT NULL,
          created BIGINT NOT NULL, closed BIGINT)
        """,
        "CREATE TABLE IF NOT EXISTS session_datasets(session_id TEXT NOT NULL REFERENCES sessions(id), dataset TEXT NOT NULL, PRIMARY KEY(session_id, dataset))",
        """
        CREATE TABLE IF NOT EXISTS charges(
          id BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id),
          cell_id TEXT NOT NULL, description TEXT NOT NULL, epsilon DOUBLE PRECISION NOT NULL, delta DOUBLE PRECISION NOT NULL,
          event_json TEXT NOT NULL, created BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS charges_by_session ON charges(session_id)",
        "CREATE INDEX IF NOT EXISTS sessions_by_analyst ON sessions(analyst)",
    ];

    /// <summary>In a database of its own, since the contract's other tests share the server's default one.</summary>
    protected override OldLedger OpenLedgerFromBeforeTheStateWasKept(IEnumerable<string> rows)
    {
        var server = fixture.Require();
        var database = $"old_{Guid.NewGuid():N}";
        object? Run(string connectionString, IEnumerable<string> statements)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            object? result = null;
            foreach (var statement in statements)
            {
                using var command = new NpgsqlCommand(statement, connection);
                result = command.ExecuteScalar();
            }
            return result;
        }
        Run(server.ConnectionString(), [$"CREATE DATABASE {database}"]);
        Run(server.ConnectionString(database), SchemaBeforeTheStateWasKept.Concat(rows));
        return new OldLedger(RelationalLedger.Open(server.ConnectionString(database)), sql => Run(server.ConnectionString(database), [sql]));
    }
}
