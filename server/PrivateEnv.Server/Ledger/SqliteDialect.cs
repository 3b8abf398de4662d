using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PrivateEnv.Server.Ledger;

/// <summary>
/// SQLite in WAL mode with synchronous=FULL: a committed charge survives a crash or power
/// loss. One connection per process, behind a gate; BEGIN IMMEDIATE serialises writers across
/// processes sharing the file.
/// </summary>
public sealed class SqliteDialect : ILedgerDialect
{
    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim gate = new(1, 1);

    public SqliteDialect(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        foreach (var pragma in new[] { "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;", "PRAGMA busy_timeout=30000;" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragma;
            command.ExecuteNonQuery();
        }
    }

    public string Name => "sqlite";

    public async Task<DbConnection> AcquireAsync()
    {
        await gate.WaitAsync();
        return connection;
    }

    public void Release(DbConnection connection) => gate.Release();

    /// <summary>
    /// Run in order, each before the next is asked for: the check for filter_state happens inside BEGIN IMMEDIATE,
    /// so two processes upgrading one file cannot both add the column.
    /// </summary>
    public IEnumerable<string> Schema
    {
        get
        {
            yield return "BEGIN IMMEDIATE";
            yield return """
                CREATE TABLE IF NOT EXISTS sessions(
                  id TEXT PRIMARY KEY, analyst TEXT NOT NULL,
                  epsilon_total REAL NOT NULL, delta_total REAL NOT NULL,
                  lifetime_epsilon REAL NOT NULL, lifetime_delta REAL NOT NULL, composition TEXT NOT NULL,
                  created INTEGER NOT NULL, closed INTEGER, filter_state TEXT)
                """;
            yield return "CREATE TABLE IF NOT EXISTS session_datasets(session_id TEXT NOT NULL REFERENCES sessions(id), dataset TEXT NOT NULL, PRIMARY KEY(session_id, dataset))";
            yield return """
                CREATE TABLE IF NOT EXISTS charges(
                  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id),
                  cell_id TEXT NOT NULL, description TEXT NOT NULL, epsilon REAL NOT NULL, delta REAL NOT NULL,
                  event_json TEXT NOT NULL, created INTEGER NOT NULL)
                """;
            yield return "CREATE INDEX IF NOT EXISTS charges_by_session ON charges(session_id)";
            yield return "CREATE INDEX IF NOT EXISTS sessions_by_analyst ON sessions(analyst)";
            yield return """
                CREATE TABLE IF NOT EXISTS lifetime_spent(
                  analyst TEXT NOT NULL, dataset TEXT NOT NULL,
                  epsilon_sum REAL NOT NULL, epsilon_compensation REAL NOT NULL, delta_sum REAL NOT NULL, delta_compensation REAL NOT NULL,
                  PRIMARY KEY(analyst, dataset))
                """;
            // Ledgers created before the session kept its filter's state (NULL: rebuilt from the charges by the next charge).
            if (!HasColumn("sessions", "filter_state")) yield return "ALTER TABLE sessions ADD COLUMN filter_state TEXT";
            yield return "COMMIT";
        }
    }

    private bool HasColumn(string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@t) WHERE name = @c";
        command.Parameters.AddWithValue("@t", table);
        command.Parameters.AddWithValue("@c", column);
        return (long)command.ExecuteScalar()! > 0;
    }

    /// <summary>BEGIN IMMEDIATE: takes the write lock now, so check-and-record cannot interleave.</summary>
    public Task<DbTransaction> BeginChargeAsync(DbConnection connection, string analyst) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public void Dispose()
    {
        connection.Dispose();
        gate.Dispose();
    }
}
