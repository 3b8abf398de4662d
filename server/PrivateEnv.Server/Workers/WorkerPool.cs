using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Protocol;
using PrivateEnv.Server.Datasets;

namespace PrivateEnv.Server.Workers;

/// <summary>
/// Workers made ready ahead of sessions: started (under the same sandbox, cgroup and limits as any worker), their
/// datasets loaded and a warm-up cell compiled and run, so Roslyn and the libraries are loaded and jitted. A session
/// takes one and attaches its charges; the pool refills in the background. Isolation is unchanged: a worker is made
/// for one set of datasets, mounts only their directories, and serves exactly one session before it ends.
/// Ready workers are kept for the dataset set most recently opened; with no session opened for the idle time, the pool
/// empties (and fills again on the next open).
/// </summary>
public sealed class WorkerPool(WorkerLauncher launcher, int size, TimeSpan idleTime, ILogger logger) : IAsyncDisposable
{
    /// <summary>Compiled and run once in each pooled worker; its value is dropped. Defines nothing a session could see.</summary>
    public const string WarmUpCell = "1 + 1";

    // Ready workers, each with the dataset set it loaded; every look or change under the lock, so a worker made for
    // one set can never be handed to a session on another (the set is checked again at the moment of taking).
    private readonly object gate = new();
    private readonly Queue<(string Key, WorkerProcess Worker)> ready = new();
    private readonly SemaphoreSlim filling = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private IReadOnlyList<CatalogEntry>? wanted;
    private string? wantedKey;
    private DateTimeOffset lastTaken = DateTimeOffset.UtcNow;
    private int served;

    /// <summary>Ready workers now.</summary>
    public int ReadyCount
    {
        get { lock (gate) return ready.Count; }
    }

    /// <summary>Sessions (and restarts) that got a ready worker.</summary>
    public int Served => Volatile.Read(ref served);

    /// <summary>Starts keeping <paramref name="datasets"/>' workers ready (the server's first dataset at start).</summary>
    public void Prepare(IReadOnlyList<CatalogEntry> datasets)
    {
        if (size <= 0) return;
        lock (gate)
        {
            wanted = datasets;
            wantedKey = Key(datasets);
        }
        _ = RefillAsync();
    }

    /// <summary>A worker for <paramref name="datasets"/> with <paramref name="charges"/> attached: a ready one if the pool has one for them, else started now.</summary>
    public async Task<WorkerProcess> TakeAsync(string sessionId, IReadOnlyList<CatalogEntry> datasets, Func<ChargeRequest, Task<ChargeReply>> charges, CancellationToken cancellationToken)
    {
        lastTaken = DateTimeOffset.UtcNow;
        if (size > 0)
        {
            var key = Key(datasets);
            WorkerProcess? taken = null;
            var stale = new List<WorkerProcess>();
            lock (gate)
            {
                if (wantedKey != key)
                {
                    wanted = datasets;
                    wantedKey = key;
                }
                while (taken is null && ready.TryDequeue(out var candidate))
                {
                    if (candidate.Key == key && candidate.Worker.IsAlive) taken = candidate.Worker;
                    else stale.Add(candidate.Worker);
                }
            }
            foreach (var worker in stale) await worker.DisposeAsync();
            _ = RefillAsync();
            if (taken is not null)
            {
                taken.AttachCharges(charges);
                Interlocked.Increment(ref served);
                return taken;
            }
        }
        return await StartAsync(sessionId, datasets, charges, warmUp: false, cancellationToken);
    }

    /// <summary>Starts a worker for <paramref name="datasets"/> and loads them (and, for the pool, runs the warm-up cell).</summary>
    private async Task<WorkerProcess> StartAsync(string tag, IReadOnlyList<CatalogEntry> datasets, Func<ChargeRequest, Task<ChargeReply>>? charges, bool warmUp, CancellationToken cancellationToken)
    {
        var started = await launcher.StartAsync(tag, datasets.Select(d => Path.GetDirectoryName(d.CsvPath)!), cancellationToken);
        var init = new Init { SessionId = tag };
        foreach (var dataset in datasets)
            init.Datasets.Add(new WorkerDataset { Name = dataset.Name, CsvPath = dataset.CsvPath, MetadataJson = dataset.MetadataJson });
        try
        {
            await started.InitialiseAsync(init, charges, cancellationToken);
            if (warmUp)
            {
                var events = await started.RunAsync("warm-up", WarmUpCell, cancellationToken);
                var success = false;
                await foreach (var e in events.ReadAllAsync(cancellationToken))
                    if (e.KindCase == ExecuteEvent.KindOneofCase.Completed) { success = e.Completed.Success; break; }
                if (!success) throw new InvalidOperationException("The warm-up cell failed.");
            }
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private async Task RefillAsync()
    {
        if (!await filling.WaitAsync(0)) return; // one filler at a time
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                IReadOnlyList<CatalogEntry>? datasets;
                string? key;
                lock (gate)
                {
                    (datasets, key) = (wanted, wantedKey);
                    if (datasets is null || key is null || ready.Count >= size) break;
                }
                if (DateTimeOffset.UtcNow - lastTaken > idleTime)
                {
                    await DrainAsync();
                    return;
                }
                try
                {
                    var worker = await StartAsync("pool", datasets, charges: null, warmUp: true, stopping.Token);
                    bool kept;
                    lock (gate)
                    {
                        kept = key == wantedKey && !stopping.IsCancellationRequested;
                        if (kept) ready.Enqueue((key, worker));
                    }
                    if (!kept) await worker.DisposeAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("could not make a ready worker ({Reason}); sessions start their own", e.Message);
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
        finally { filling.Release(); }
    }

    /// <summary>Ends the ready workers (another dataset set is wanted now, or the pool was idle).</summary>
    private async Task DrainAsync()
    {
        List<WorkerProcess> drained;
        lock (gate)
        {
            drained = [.. ready.Select(r => r.Worker)];
            ready.Clear();
        }
        foreach (var worker in drained) await worker.DisposeAsync();
    }

    /// <summary>Empties the pool when no session was opened for the idle time; called periodically.</summary>
    public async Task TrimIdleAsync()
    {
        if (DateTimeOffset.UtcNow - lastTaken > idleTime) await DrainAsync();
    }

    /// <summary>A dataset set's identity: its names in order (names are identifiers, so no separator can occur in one).</summary>
    public static string Key(IReadOnlyList<CatalogEntry> datasets) => string.Join(",", datasets.Select(d => d.Name).Distinct().Order(StringComparer.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await DrainAsync();
    }
}
