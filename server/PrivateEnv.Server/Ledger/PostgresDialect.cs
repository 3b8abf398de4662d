using System.Data.Common;
using Npgsql;

namespace PrivateEnv.Server.Ledger;

/// <summary>
/// PostgreSQL, so several server nodes share budgets. Charges of one analyst are serialised
/// by a transaction-scoped advisory lock on the analyst, which covers both the session cap and
/// the analyst × dataset lifetime caps; commits are durable (synchronous_commit stays on).
/// </summary>
public sealed class PostgresDialect(string connectionString) : ILedgerDialect
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public string Name => "postgresql";

    public async Task<DbConnection> AcquireAsync() => await dataSource.OpenConnectionAsync();

    public void Release(DbConnection connection) => connection.Dispose();

    public IEnumerable<string> Schema =>
    [
        "SELECT pg_advisory_lock(727272)",
        """
        CREATE TABLE IF NOT EXISTS sessions(
          id TEXT PRIMARY KEY, analyst TEXT NOT NULL,
          epsilon_total DOUBLE PRECISION NOT NULL, delta_total DOUBLE PRECISION NOT NULL,
          lifetime_epsilon DOUBLE PRECISION NOT NULL, lifetime_delta DOUBLE PRECISION NOT NULL, composition TEXT NOT NULL,
          created BIGINT NOT NULL, closed BIGINT, filter_state TEXT)
        """,
        // Ledgers created before the session kept its filter's state (NULL: rebuilt from the charges by the next charge).
        "ALTER TABLE sessions ADD COLUMN IF NOT EXISTS filter_state TEXT",
        "CREATE TABLE IF NOT EXISTS session_datasets(session_id TEXT NOT NULL REFERENCES sessions(id), dataset TEXT NOT NULL, PRIMARY KEY(session_id, dataset))",
        """
        CREATE TABLE IF NOT EXISTS charges(
          id BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id),
          cell_id TEXT NOT NULL, description TEXT NOT NULL, epsilon DOUBLE PRECISION NOT NULL, delta DOUBLE PRECISION NOT NULL,
          event_json TEXT NOT NULL, created BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS charges_by_session ON charges(session_id)",
        "CREATE INDEX IF NOT EXISTS sessions_by_analyst ON sessions(analyst)",
        """
        CREATE TABLE IF NOT EXISTS lifetime_spent(
          analyst TEXT NOT NULL, dataset TEXT NOT NULL,
          epsilon_sum DOUBLE PRECISION NOT NULL, epsilon_compensation DOUBLE PRECISION NOT NULL,
          delta_sum DOUBLE PRECISION NOT NULL, delta_compensation DOUBLE PRECISION NOT NULL,
          PRIMARY KEY(analyst, dataset))
        """,
        "SELECT pg_advisory_unlock(727272)",
    ];

    public async Task<DbTransaction> BeginChargeAsync(DbConnection connection, string analyst)
    {
        var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(hashtextextended(@analyst, 0))";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "analyst";
        parameter.Value = analyst;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync();
        return transaction;
    }

    public void Dispose() => dataSource.Dispose();
}
