using System.Collections.Concurrent;
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

    private readonly ConcurrentQueue<WorkerProcess> ready = new();
    private readonly SemaphoreSlim filling = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private volatile IReadOnlyList<CatalogEntry>? wanted;
    private DateTimeOffset lastTaken = DateTimeOffset.UtcNow;
    private int served;

    /// <summary>Ready workers now.</summary>
    public int ReadyCount => ready.Count;

    /// <summary>Sessions (and restarts) that got a ready worker.</summary>
    public int Served => Volatile.Read(ref served);

    /// <summary>Starts keeping <paramref name="datasets"/>' workers ready (the server's first dataset at start).</summary>
    public void Prepare(IReadOnlyList<CatalogEntry> datasets)
    {
        if (size <= 0) return;
        wanted = datasets;
        _ = RefillAsync();
    }

    /// <summary>A worker for <paramref name="datasets"/> with <paramref name="charges"/> attached: a ready one if the pool has one for them, else started now.</summary>
    public async Task<WorkerProcess> TakeAsync(string sessionId, IReadOnlyList<CatalogEntry> datasets, Func<ChargeRequest, Task<ChargeReply>> charges, CancellationToken cancellationToken)
    {
        lastTaken = DateTimeOffset.UtcNow;
        if (size > 0)
        {
            if (wanted is { } current && SameDatasets(current, datasets))
            {
                while (ready.TryDequeue(out var worker))
                {
                    if (!worker.IsAlive)
                    {
                        await worker.DisposeAsync();
                        continue;
                    }
                    worker.AttachCharges(charges);
                    Interlocked.Increment(ref served);
                    _ = RefillAsync();
                    return worker;
                }
            }
            else
            {
                wanted = datasets;
                await DrainAsync();
            }
            _ = RefillAsync();
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
            while (!stopping.IsCancellationRequested && wanted is { } datasets && ready.Count < size)
            {
                if (DateTimeOffset.UtcNow - lastTaken > idleTime)
                {
                    await DrainAsync();
                    return;
                }
                try
                {
                    var worker = await StartAsync("pool", datasets, charges: null, warmUp: true, stopping.Token);
                    if (!ReferenceEquals(wanted, datasets) || stopping.IsCancellationRequested) await worker.DisposeAsync();
                    else ready.Enqueue(worker);
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
        while (ready.TryDequeue(out var worker)) await worker.DisposeAsync();
    }

    /// <summary>Empties the pool when no session was opened for the idle time; called periodically.</summary>
    public async Task TrimIdleAsync()
    {
        if (DateTimeOffset.UtcNow - lastTaken > idleTime) await DrainAsync();
    }

    private static bool SameDatasets(IReadOnlyList<CatalogEntry> a, IReadOnlyList<CatalogEntry> b) =>
        a.Select(d => d.Name).Order(StringComparer.Ordinal).SequenceEqual(b.Select(d => d.Name).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await DrainAsync();
    }
}
