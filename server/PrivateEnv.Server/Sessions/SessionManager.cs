using System.Collections.Concurrent;
using System.Security.Cryptography;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Workers;

namespace PrivateEnv.Server.Sessions;

/// <summary>Open sessions by id. Ids are 128-bit random, so they cannot be guessed.</summary>
public sealed class SessionManager(ServerOptions options, WorkerLauncher launcher, ILedger ledger, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Session> sessions = new(StringComparer.Ordinal);

    public int Count => sessions.Count;

    public async Task<Session> CreateAsync(string analyst, IReadOnlyList<CatalogEntry> datasets, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await ledger.CreateSessionAsync(new SessionRecord(id, analyst, datasets.Select(d => d.Name).ToList(), options.SessionEpsilon, options.SessionDelta));
        var session = new Session(id, analyst, datasets, launcher, ledger, options.CellTimeout, loggers.CreateLogger("session"));
        try
        {
            await session.EnsureWorkerAsync(cancellationToken);
        }
        catch
        {
            await ledger.CloseSessionAsync(id);
            await session.DisposeAsync();
            throw;
        }
        sessions[id] = session;
        return session;
    }

    public Session? Find(string id) => sessions.GetValueOrDefault(id);

    public async Task<bool> CloseAsync(string id)
    {
        if (!sessions.TryRemove(id, out var session)) return false;
        await ledger.CloseSessionAsync(id);
        await session.DisposeAsync();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in sessions.Keys) await CloseAsync(id);
    }
}
