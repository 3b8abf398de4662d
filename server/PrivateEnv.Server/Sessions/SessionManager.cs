using System.Collections.Concurrent;
using System.Security.Cryptography;
using PrivateEnv.Server.Auth;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Observability;
using PrivateEnv.Server.Workers;

namespace PrivateEnv.Server.Sessions;

/// <summary>Open sessions by id. Ids are 128-bit random, so they cannot be guessed.</summary>
public sealed class SessionManager(ServerOptions options, WorkerPool workers, ILedger ledger, ServerMetrics metrics, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Session> sessions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim admission = new(1, 1);
    private readonly ILogger logger = loggers.CreateLogger("sessions");

    public int Count => sessions.Count;

    /// <summary>Opens a session, or throws <see cref="SessionLimitException"/> past the analyst's limit.</summary>
    public async Task<Session> CreateAsync(Analyst analyst, IReadOnlyList<CatalogEntry> datasets, CancellationToken cancellationToken)
    {
        var limit = analyst.MaxSessions ?? options.MaxSessionsPerAnalyst;
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var logger = loggers.CreateLogger("session");
        var worker = new WorkerSupervisor(id, datasets, workers, new ChargeHandler(id, ledger, metrics, logger), ledger,
            options.CellTimeout, options.CellCpuTimeOrDefault, metrics, logger);
        var session = new Session(id, analyst.Id, datasets, worker);
        await admission.WaitAsync(cancellationToken);
        try
        {
            if (sessions.Values.Count(s => s.Analyst == analyst.Id) >= limit)
                throw new SessionLimitException($"You have {limit} open sessions, the most allowed; close one (CloseSession) or wait for idle ones to expire.");
            sessions[id] = session;
        }
        finally { admission.Release(); }
        try
        {
            await ledger.CreateSessionAsync(new SessionRecord(id, analyst.Id, datasets.Select(d => d.Name).ToList(),
                analyst.SessionEpsilon ?? options.SessionEpsilon, analyst.SessionDelta ?? options.SessionDelta,
                analyst.LifetimeEpsilon ?? options.LifetimeEpsilon, analyst.LifetimeDelta ?? options.LifetimeDelta, options.Composition));
            try { await session.Worker.EnsureWorkerAsync(cancellationToken); }
            catch (Exception first) when (first is not OperationCanceledException)
            {
                // A worker can fail to start for passing reasons (a busy machine, a racing cgroup or
                // sandbox set-up); try once more before giving up, and keep the first reason in the log.
                this.logger.LogWarning(first, "worker start for session {Session} failed; retrying once", SessionIds.Tag(id));
                await session.Worker.EnsureWorkerAsync(cancellationToken);
            }
            return session;
        }
        catch
        {
            sessions.TryRemove(id, out _);
            try { await ledger.CloseSessionAsync(id); } catch (System.Data.Common.DbException) { }
            await session.DisposeAsync();
            throw;
        }
    }

    public Session? Find(string id) => sessions.GetValueOrDefault(id);

    public IReadOnlyList<string> IdleSince(DateTimeOffset cutoff) =>
        sessions.Values.Where(s => !s.IsBusy && s.LastUsed < cutoff).Select(s => s.Id).ToList();

    public async Task<bool> CloseAsync(string id)
    {
        if (!sessions.TryRemove(id, out var session)) return false;
        try { await ledger.CloseSessionAsync(id); }
        finally { await session.DisposeAsync(); }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in sessions.Keys) await CloseAsync(id);
    }
}

public sealed class SessionLimitException(string message) : Exception(message);
