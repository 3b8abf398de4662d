using PrivateEnv.Server.Datasets;

namespace PrivateEnv.Server.Sessions;

/// <summary>
/// One analyst session: who opened it, its datasets, its worker, and its turn (cells and imports run one at a time, in
/// arrival order). Knows no wire messages: the service and the <see cref="WorkerSupervisor"/> speak those.
/// </summary>
public sealed class Session(string id, string analyst, IReadOnlyList<CatalogEntry> datasets, WorkerSupervisor worker) : IAsyncDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);

    public string Id { get; } = id;

    /// <summary>The session id as logs show it: a prefix, enough to follow one session, not enough to address it.</summary>
    public string LogTag => SessionIds.Tag(Id);

    public string Analyst { get; } = analyst;
    public IReadOnlyList<CatalogEntry> Datasets { get; } = datasets;
    public WorkerSupervisor Worker { get; } = worker;
    public DateTimeOffset LastUsed { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>True while a cell or an import runs.</summary>
    public bool IsBusy => turn.CurrentCount == 0;

    /// <summary>Waits for the session's turn (one cell or import at a time); dispose the result to end it.</summary>
    public async Task<IDisposable> TakeTurnAsync(CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        LastUsed = DateTimeOffset.UtcNow;
        return new Turn(this);
    }

    /// <summary>Stops the running cell, if one runs (by stopping its worker: the only way to stop arbitrary code).</summary>
    public bool Interrupt() => IsBusy && Worker.Interrupt();

    public ValueTask DisposeAsync() => Worker.DisposeAsync();

    private sealed class Turn(Session session) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 1) return;
            session.LastUsed = DateTimeOffset.UtcNow;
            session.turn.Release();
        }
    }
}
