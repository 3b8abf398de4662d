using System.Data.Common;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Filters;

namespace PrivateEnv.Server.Ledger;

/// <summary>
/// The ledger over SQL (SQLite or PostgreSQL through <see cref="ILedgerDialect"/>).
/// A session's charges are admitted by its privacy filter (basic composition, or the Rényi
/// filter; both valid for fully adaptive sequences, see PrivateEnv.Privacy.Filters). The analyst
/// × dataset lifetime caps compose across sessions by basic composition (sums).
/// <para>
/// A charge costs the same however many came before it: the session row keeps the filter's state
/// (<c>filter_state</c>) and <c>lifetime_spent</c> keeps each analyst × dataset's running sums, both
/// updated in the transaction that records the charge. The <c>charges</c> table is the record they
/// summarise: a missing state (a ledger from before it was kept, or a new session) is rebuilt from it
/// once, and so is a missing lifetime row.
/// </para>
/// </summary>
public sealed class RelationalLedger : ILedger
{
    /// <summary>
    /// The most the ledger keeps of a charge's description and cell id: both come from the worker, which runs
    /// hostile code, so a crafted charge must not write megabytes per row.
    /// </summary>
    public const int MaxDescriptionLength = 240;
    public const int MaxCellIdLength = 128;

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
            // filter_state stays NULL: the first charge builds it from the (empty) record, and the filter is made (and its caps checked) there as before.
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

    /// <summary>
    /// Reads one session row and the session's lifetime rows, decides, and writes the charge, the new state and the
    /// new sums: constant work in the number of earlier charges (after a one-time rebuild of anything not yet kept).
    /// </summary>
    public async Task<ChargeOutcome> TryChargeAsync(string sessionId, string cellId, PrivacyCharge charge)
    {
        charge.Validate();
        var connection = await dialect.AcquireAsync();
        try
        {
            var analyst = Scalar<string>(connection, null, "SELECT analyst FROM sessions WHERE id = @s", ("s", sessionId))
                ?? throw new KeyNotFoundException($"Unknown session '{sessionId}'.");
            await using var transaction = await dialect.BeginChargeAsync(connection, analyst);
            var session = ReadSession(connection, transaction, sessionId) ?? throw new KeyNotFoundException($"Unknown session '{sessionId}'.");
            var filter = session.CreateFilter();
            var (state, stateRebuilt) = LoadState(connection, transaction, session, filter);
            var step = filter.TryAdmit(state, charge);
            var refusal = step.Decision.Refusal;
            var lifetimes = new List<LifetimeSpent>();
            if (refusal is null)
            {
                lifetimes = ReadLifetimeSpent(connection, transaction, session);
                foreach (var lifetime in lifetimes)
                {
                    refusal = CheckLifetime(charge, session.Lifetime(lifetime));
                    if (refusal is not null) break;
                }
            }
            if (refusal is not null)
            {
                // Nothing is recorded; a state rebuilt or sums backfilled on the way are kept, so that is done once.
                if (stateRebuilt) StoreState(connection, transaction, sessionId, state);
                foreach (var lifetime in lifetimes.Where(l => l.Backfilled))
                    StoreLifetime(connection, transaction, analyst, lifetime.Dataset, lifetime.Epsilon, lifetime.Delta);
                await transaction.CommitAsync();
                return new ChargeOutcome(refusal);
            }
            Execute(connection, transaction,
                "INSERT INTO charges(session_id, cell_id, description, epsilon, delta, event_json, created) VALUES (@s, @c, @d, @e, @dl, @j, @t)",
                ("s", sessionId), ("c", Bounded(cellId, MaxCellIdLength)), ("d", Bounded(charge.Description, MaxDescriptionLength)),
                ("e", charge.Epsilon), ("dl", charge.Delta), ("j", charge.Event.ToJson()), ("t", Now()));
            StoreState(connection, transaction, sessionId, step.State);
            foreach (var lifetime in lifetimes)
                StoreLifetime(connection, transaction, analyst, lifetime.Dataset, lifetime.Epsilon.Add(charge.Epsilon), lifetime.Delta.Add(charge.Delta));
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

    /// <summary>From the stored state; a session without one is summed from its record here (and stored by its next charge).</summary>
    public async Task<BudgetState> GetBudgetAsync(string sessionId)
    {
        var connection = await dialect.AcquireAsync();
        try
        {
            var session = ReadSession(connection, null, sessionId) ?? throw new KeyNotFoundException($"Unknown session '{sessionId}'.");
            var filter = session.CreateFilter();
            var status = filter.Status(LoadState(connection, null, session, filter).State);
            return new BudgetState(filter.EpsilonCap, filter.DeltaCap, status.SpentEpsilon, status.SpentDelta, status.Rule);
        }
        finally { dialect.Release(connection); }
    }

    public async Task<IReadOnlyList<LifetimeState>> GetLifetimeAsync(string sessionId)
    {
        var connection = await dialect.AcquireAsync();
        try
        {
            var session = ReadSession(connection, null, sessionId);
            return session is null ? [] : ReadLifetimeSpent(connection, null, session).Select(session.Lifetime).ToList();
        }
        finally { dialect.Release(connection); }
    }

    public async Task<IReadOnlyList<ChargeRecord>> GetChargesAsync(string sessionId, long skip = 0, int limit = int.MaxValue)
    {
        var connection = await dialect.AcquireAsync();
        try
        {
            using var command = Command(connection, null,
                "SELECT cell_id, description, epsilon, delta, event_json, created FROM charges WHERE session_id = @s ORDER BY id LIMIT @limit OFFSET @skip",
                ("s", sessionId), ("skip", skip), ("limit", (long)limit));
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

    /// <summary>At most <paramref name="max"/> characters, ending in "…" when cut (never between the halves of a surrogate pair).</summary>
    private static string Bounded(string text, int max)
    {
        if (text.Length <= max) return text;
        var keep = max - 1;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return text[..keep] + "…";
    }

    /// <summary>A session's row: its caps, its filter's name and the filter's stored state (null until kept).</summary>
    private sealed record SessionRow(string Id, string Analyst, double EpsilonTotal, double DeltaTotal, double LifetimeEpsilon, double LifetimeDelta, string Composition, string? FilterState)
    {
        public IPrivacyFilter CreateFilter() => PrivacyFilters.Create(Composition, EpsilonTotal, DeltaTotal);

        /// <summary>The session's lifetime caps (its own) against what all the analyst's sessions spent on the dataset.</summary>
        public LifetimeState Lifetime(LifetimeSpent spent) => new(spent.Dataset, LifetimeEpsilon, spent.Epsilon.Value, LifetimeDelta, spent.Delta.Value);
    }

    /// <summary>What all of an analyst's sessions spent on one dataset; Backfilled when summed from the charges because no row was kept yet.</summary>
    private sealed record LifetimeSpent(string Dataset, CompensatedSum Epsilon, CompensatedSum Delta, bool Backfilled);

    private static SessionRow? ReadSession(DbConnection connection, DbTransaction? transaction, string sessionId)
    {
        using var command = Command(connection, transaction,
            "SELECT analyst, epsilon_total, delta_total, lifetime_epsilon, lifetime_delta, composition, filter_state FROM sessions WHERE id = @s", ("s", sessionId));
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new SessionRow(sessionId, reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4),
            reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    /// <summary>The session's stored filter state, or (Rebuilt) the state summed from its charges when none is stored or it does not fit the filter.</summary>
    private static (FilterState State, bool Rebuilt) LoadState(DbConnection connection, DbTransaction? transaction, SessionRow session, IPrivacyFilter filter)
    {
        if (!string.IsNullOrEmpty(session.FilterState))
        {
            try { return (filter.ReadState(session.FilterState), false); }
            catch (FormatException) { } // kept by another version of the filter (other orders): the record below is the truth
        }
        using var command = Command(connection, transaction, "SELECT epsilon, delta, event_json, description FROM charges WHERE session_id = @s ORDER BY id", ("s", session.Id));
        using var rows = command.ExecuteReader();
        var state = filter.Empty;
        while (rows.Read())
            state = filter.Include(state, new PrivacyCharge(PrivacyEvent.FromJson(rows.GetString(2)), rows.GetDouble(0), rows.GetDouble(1), rows.GetString(3)));
        return (state, true);
    }

    private static void StoreState(DbConnection connection, DbTransaction transaction, string sessionId, FilterState state) =>
        Execute(connection, transaction, "UPDATE sessions SET filter_state = @f WHERE id = @s", ("s", sessionId), ("f", state.ToJson()));

    /// <summary>For each dataset of the session, what the analyst's sessions spent on it: the kept running sums, or the charges summed once where none are kept yet.</summary>
    private static List<LifetimeSpent> ReadLifetimeSpent(DbConnection connection, DbTransaction? transaction, SessionRow session)
    {
        var list = new List<LifetimeSpent>();
        using (var command = Command(connection, transaction, """
            SELECT sd.dataset, l.epsilon_sum, l.epsilon_compensation, l.delta_sum, l.delta_compensation
            FROM session_datasets sd LEFT JOIN lifetime_spent l ON l.analyst = @a AND l.dataset = sd.dataset
            WHERE sd.session_id = @s ORDER BY sd.dataset
            """, ("a", session.Analyst), ("s", session.Id)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                list.Add(reader.IsDBNull(1)
                    ? new LifetimeSpent(reader.GetString(0), default, default, Backfilled: true)
                    : new LifetimeSpent(reader.GetString(0), new CompensatedSum(reader.GetDouble(1), reader.GetDouble(2)), new CompensatedSum(reader.GetDouble(3), reader.GetDouble(4)), Backfilled: false));
        }
        // After the reader is closed: one connection cannot run two commands at once on PostgreSQL.
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].Backfilled) continue;
            using var sum = Command(connection, transaction, """
                SELECT COALESCE(SUM(c.epsilon), 0), COALESCE(SUM(c.delta), 0)
                FROM sessions o JOIN session_datasets od ON od.session_id = o.id JOIN charges c ON c.session_id = o.id
                WHERE o.analyst = @a AND od.dataset = @ds
                """, ("a", session.Analyst), ("ds", list[i].Dataset));
            using var reader = sum.ExecuteReader();
            reader.Read();
            list[i] = list[i] with { Epsilon = new CompensatedSum(reader.GetDouble(0), 0), Delta = new CompensatedSum(reader.GetDouble(1), 0) };
        }
        return list;
    }

    private static void StoreLifetime(DbConnection connection, DbTransaction transaction, string analyst, string dataset, CompensatedSum epsilon, CompensatedSum delta) =>
        Execute(connection, transaction, """
            INSERT INTO lifetime_spent(analyst, dataset, epsilon_sum, epsilon_compensation, delta_sum, delta_compensation)
            VALUES (@a, @ds, @es, @ec, @dsum, @dc)
            ON CONFLICT(analyst, dataset) DO UPDATE SET epsilon_sum = excluded.epsilon_sum, epsilon_compensation = excluded.epsilon_compensation,
              delta_sum = excluded.delta_sum, delta_compensation = excluded.delta_compensation
            """,
            ("a", analyst), ("ds", dataset), ("es", epsilon.Sum), ("ec", epsilon.Compensation), ("dsum", delta.Sum), ("dc", delta.Compensation));

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
