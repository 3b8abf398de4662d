using Microsoft.Data.Sqlite;
using PrivateEnv.Privacy;

namespace PrivateEnv.Server.Ledger;

/// <summary>
/// The embedded ledger: SQLite in WAL mode with synchronous=FULL, so a committed charge survives
/// a crash or power loss. Charges are admitted inside BEGIN IMMEDIATE transactions, which
/// serialise writers across threads and processes. Composition is basic (sequential): a
/// session's ε and δ are sums of its charges, valid under fully adaptive composition.
/// </summary>
public sealed class SqliteLedger : ILedger
{
    /// <summary>Float slack when comparing sums to a cap (sums of decimal ε like 0.1 are inexact).</summary>
    private const double Slack = 1e-9;

    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim gate = new(1, 1);

    public SqliteLedger(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA busy_timeout=10000;");
        Execute("""
            CREATE TABLE IF NOT EXISTS sessions(
              id TEXT PRIMARY KEY, analyst TEXT NOT NULL, datasets TEXT NOT NULL,
              epsilon_total REAL NOT NULL, delta_total REAL NOT NULL,
              created INTEGER NOT NULL, closed INTEGER);
            CREATE TABLE IF NOT EXISTS charges(
              id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL REFERENCES sessions(id),
              cell_id TEXT NOT NULL, description TEXT NOT NULL, epsilon REAL NOT NULL, delta REAL NOT NULL,
              event_json TEXT NOT NULL, created INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS charges_by_session ON charges(session_id);
            """);
    }

    public async Task CreateSessionAsync(SessionRecord session)
    {
        await gate.WaitAsync();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO sessions(id, analyst, datasets, epsilon_total, delta_total, created) VALUES ($id, $a, $d, $e, $dl, $t)";
            command.Parameters.AddWithValue("$id", session.Id);
            command.Parameters.AddWithValue("$a", session.Analyst);
            command.Parameters.AddWithValue("$d", string.Join(",", session.Datasets));
            command.Parameters.AddWithValue("$e", session.EpsilonTotal);
            command.Parameters.AddWithValue("$dl", session.DeltaTotal);
            command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
        finally { gate.Release(); }
    }

    public async Task<ChargeOutcome> TryChargeAsync(string sessionId, string cellId, PrivacyCharge charge)
    {
        charge.Validate();
        await gate.WaitAsync();
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var budget = ReadBudget(sessionId, transaction) ?? throw new KeyNotFoundException($"Unknown session '{sessionId}'.");
            var epsilonLeft = budget.EpsilonTotal - budget.EpsilonSpent;
            var deltaLeft = budget.DeltaTotal - budget.DeltaSpent;
            if (charge.Epsilon > epsilonLeft + Slack || charge.Delta > deltaLeft + Slack * 1e-6)
            {
                transaction.Rollback();
                var message = new BudgetExceededException(charge.Epsilon, epsilonLeft, budget.EpsilonTotal, charge.Delta, deltaLeft).Message;
                return new ChargeOutcome(false, message, charge.Epsilon, Math.Max(0, epsilonLeft), budget.EpsilonTotal);
            }
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO charges(session_id, cell_id, description, epsilon, delta, event_json, created) VALUES ($s, $c, $d, $e, $dl, $j, $t)";
            insert.Parameters.AddWithValue("$s", sessionId);
            insert.Parameters.AddWithValue("$c", cellId);
            insert.Parameters.AddWithValue("$d", charge.Description);
            insert.Parameters.AddWithValue("$e", charge.Epsilon);
            insert.Parameters.AddWithValue("$dl", charge.Delta);
            insert.Parameters.AddWithValue("$j", charge.Event.ToJson());
            insert.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            transaction.Commit();
            return new ChargeOutcome(true, "", charge.Epsilon, epsilonLeft - charge.Epsilon, budget.EpsilonTotal);
        }
        finally { gate.Release(); }
    }

    public async Task<BudgetState> GetBudgetAsync(string sessionId)
    {
        await gate.WaitAsync();
        try { return ReadBudget(sessionId, null) ?? throw new KeyNotFoundException($"Unknown session '{sessionId}'."); }
        finally { gate.Release(); }
    }

    public async Task<IReadOnlyList<ChargeRecord>> GetChargesAsync(string sessionId)
    {
        await gate.WaitAsync();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT cell_id, description, epsilon, delta, event_json, created FROM charges WHERE session_id = $s ORDER BY id";
            command.Parameters.AddWithValue("$s", sessionId);
            using var reader = command.ExecuteReader();
            var list = new List<ChargeRecord>();
            while (reader.Read())
                list.Add(new ChargeRecord(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4), reader.GetInt64(5)));
            return list;
        }
        finally { gate.Release(); }
    }

    public async Task CloseSessionAsync(string sessionId)
    {
        await gate.WaitAsync();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE sessions SET closed = $t WHERE id = $s AND closed IS NULL";
            command.Parameters.AddWithValue("$s", sessionId);
            command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
        finally { gate.Release(); }
    }

    private BudgetState? ReadBudget(string sessionId, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT s.epsilon_total, s.delta_total,
                   COALESCE((SELECT SUM(epsilon) FROM charges WHERE session_id = s.id), 0),
                   COALESCE((SELECT SUM(delta) FROM charges WHERE session_id = s.id), 0)
            FROM sessions s WHERE s.id = $s
            """;
        command.Parameters.AddWithValue("$s", sessionId);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new BudgetState(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), "basic");
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        connection.Dispose();
        gate.Dispose();
    }
}
