using System.Data.Common;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Filters;

namespace PrivateEnv.Server.Ledger;

/// <summary>
/// The ledger over SQL (SQLite or PostgreSQL through <see cref="ILedgerDialect"/>).
/// A session's charges are admitted by its privacy filter (basic composition, or the Rényi
/// filter; both valid for fully adaptive sequences, see PrivateEnv.Privacy.Filters). The analyst
/// × dataset lifetime caps compose across sessions by basic composition (sums).
/// </summary>
public sealed class RelationalLedger : ILedger
{
    private readonly ILedgerDialect dialect;

    public RelationalLedger(ILedgerDialect dialect)
    {
        this.dialect = dialect;
        var connection = dialect.AcquireAsync().GetAwaiter().GetResult();
        try
        {
            foreach (var statement in dialect.Schema) Execute(connection, null, statement);
        }
        finally { dialect.Release(connection); }
    }

    public string Name => dialect.Name;

    /// <summary>`--ledger` value: a PostgreSQL connection string ("Host=…") or a SQLite file path.</summary>
    public static RelationalLedger Open(string ledger) =>
        new(ledger.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? new PostgresDialect(ledger) : new SqliteDialect(ledger));

    public async Task CreateSessionAsync(SessionRecord session)
    {
        var connection = await dialect.AcquireAsync();
        try
        {
            await using var transaction = await connection.BeginTransactionAsync();
            Execute(connection, transaction,
                "INSERT INTO sessions(id, analyst, epsilon_total, delta_total, lifetime_epsilon, lifetime_delta, composition, created) VALUES (@id, @analyst, @e, @d, @le, @ld, @c, @t)",
                ("id", session.Id), ("analyst", session.Analyst), ("e", session.EpsilonTotal), ("d", session.DeltaTotal),
                ("le", session.LifetimeEpsilon), ("ld", session.LifetimeDelta), ("c", session.Composition), ("t", Now()));
            foreach (var dataset in session.Datasets.Distinct())
                Execute(connection, transaction, "INSERT INTO session_datasets(session_id, dataset) VALUES (@id, @ds)", ("id", session.Id), ("ds", dataset));
            await transaction.CommitAsync();
        }
        finally { dialect.Release(connection); }
    }

    public async Task<ChargeOutcome> TryChargeAsync(string sessionId, string cellId, PrivacyCharge charge)
    {
        charge.Validate();
        var connection = await dialect.AcquireAsync();
        try
        {
            var analyst = Scalar<string>(connection, null, "SELECT analyst FROM sessions WHERE id = @s", ("s", sessionId))
                ?? throw new KeyNotFoundException($"Unknown session '{sessionId}'.");
            await using var transaction = await dialect.BeginChargeAsync(connection, analyst);
            var (filter, admitted) = ReadSession(connection, transaction, sessionId)!.Value;
            var decision = filter.TryAdmit(filter.StateOf(admitted), charge).Decision;
            var refusal = decision.Refusal;
            if (refusal is null)
            {
                foreach (var lifetime in ReadLifetime(connection, transaction, sessionId))
                {
                    refusal = CheckLifetime(charge, lifetime);
                    if (refusal is not null) break;
                }
            }
            if (refusal is not null)
            {
                await transaction.RollbackAsync();
                return new ChargeOutcome(refusal);
            }
            Execute(connection, transaction,
                "INSERT INTO charges(session_id, cell_id, description, epsilon, delta, event_json, created) VALUES (@s, @c, @d, @e, @dl, @j, @t)",
                ("s", sessionId), ("c", cellId), ("d", charge.Description), ("e", charge.Epsilon), ("dl", charge.Delta), ("j", charge.Event.ToJson()), ("t", Now()));
            await transaction.CommitAsync();
            return ChargeOutcome.Recorded;
        }
        finally { dialect.Release(connection); }
    }

    private static BudgetRefusal? CheckLifetime(PrivacyCharge charge, LifetimeState lifetime)
    {
        var epsilonLeft = lifetime.EpsilonTotal - lifetime.EpsilonSpent;
        var deltaLeft = lifetime.DeltaTotal - lifetime.DeltaSpent;
        return BudgetRefusal.Fits(charge.Epsilon, epsilonLeft, charge.Delta, deltaLeft) ? null
            : new BudgetRefusal(BudgetScope.Lifetime, lifetime.Dataset, charge.Epsilon, epsilonLeft, lifetime.EpsilonTotal, charge.Delta, deltaLeft, lifetime.DeltaTotal);
    }

    public async Task<BudgetState> GetBudgetAsync(string sessionId)
    {
        var connection = await dialect.AcquireAsync();
        try
        {
            var (filter, admitted) = ReadSession(connection, null, sessionId) ?? throw new KeyNotFoundException($"Unknown session '{sessionId}'.");
            var status = filter.Status(filter.StateOf(admitted));
            return new BudgetState(filter.EpsilonCap, filter.DeltaCap, status.SpentEpsilon, status.SpentDelta, status.Rule);
        }
        finally { dialect.Release(connection); }
    }

    public async Task<IReadOnlyList<LifetimeState>> GetLifetimeAsync(string sessionId)
    {
        var connection = await dialect.AcquireAsync();
        try { return ReadLifetime(connection, null, sessionId); }
        finally { dialect.Release(connection); }
    }

    public async Task<IReadOnlyList<ChargeRecord>> GetChargesAsync(string sessionId)
    {
        var connection = await dialect.AcquireAsync();
        try
        {
            using var command = Command(connection, null, "SELECT cell_id, description, epsilon, delta, event_json, created FROM charges WHERE session_id = @s ORDER BY id", ("s", sessionId));
            using var reader = command.ExecuteReader();
            var list = new List<ChargeRecord>();
            while (reader.Read())
                list.Add(new ChargeRecord(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4), reader.GetInt64(5)));
            return list;
        }
        finally { dialect.Release(connection); }
    }

    public async Task CloseSessionAsync(string sessionId)
    {
        var connection = await dialect.AcquireAsync();
        try { Execute(connection, null, "UPDATE sessions SET closed = @t WHERE id = @s AND closed IS NULL", ("s", sessionId), ("t", Now())); }
        finally { dialect.Release(connection); }
    }

    /// <summary>The session's filter and the charges it admitted so far.</summary>
    private static (IPrivacyFilter Filter, List<PrivacyCharge> Admitted)? ReadSession(DbConnection connection, DbTransaction? transaction, string sessionId)
    {
        IPrivacyFilter filter;
        using (var command = Command(connection, transaction, "SELECT epsilon_total, delta_total, composition FROM sessions WHERE id = @s", ("s", sessionId)))
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read()) return null;
            filter = PrivacyFilters.Create(reader.GetString(2), reader.GetDouble(0), reader.GetDouble(1));
        }
        using var charges = Command(connection, transaction, "SELECT epsilon, delta, event_json, description FROM charges WHERE session_id = @s ORDER BY id", ("s", sessionId));
        using var rows = charges.ExecuteReader();
        var admitted = new List<PrivacyCharge>();
        while (rows.Read())
            admitted.Add(new PrivacyCharge(PrivacyEvent.FromJson(rows.GetString(2)), rows.GetDouble(0), rows.GetDouble(1), rows.GetString(3)));
        return (filter, admitted);
    }

    /// <summary>For each dataset of the session: the analyst's caps and what all their sessions on it spent.</summary>
    private static List<LifetimeState> ReadLifetime(DbConnection connection, DbTransaction? transaction, string sessionId)
    {
        using var command = Command(connection, transaction, """
            SELECT sd.dataset, s.lifetime_epsilon, s.lifetime_delta,
                   COALESCE((SELECT SUM(c.epsilon) FROM charges c
                             JOIN sessions o ON o.id = c.session_id
                             JOIN session_datasets od ON od.session_id = o.id
                             WHERE o.analyst = s.analyst AND od.dataset = sd.dataset), 0),
                   COALESCE((SELECT SUM(c.delta) FROM charges c
                             JOIN sessions o ON o.id = c.session_id
                             JOIN session_datasets od ON od.session_id = o.id
                             WHERE o.analyst = s.analyst AND od.dataset = sd.dataset), 0)
            FROM sessions s JOIN session_datasets sd ON sd.session_id = s.id
            WHERE s.id = @s ORDER BY sd.dataset
            """, ("s", sessionId));
        using var reader = command.ExecuteReader();
        var list = new List<LifetimeState>();
        while (reader.Read())
            list.Add(new LifetimeState(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(3), reader.GetDouble(2), reader.GetDouble(4)));
        return list;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static T? Scalar<T>(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar() is T value ? value : default;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Dispose() => dialect.Dispose();
}
