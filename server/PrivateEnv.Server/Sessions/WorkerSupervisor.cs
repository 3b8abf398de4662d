using System.Diagnostics;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Observability;
using PrivateEnv.Server.Workers;

namespace PrivateEnv.Server.Sessions;

/// <summary>
/// A session's worker process through its life: started on demand and replaced after a crash, timeout or interrupt;
/// runs cells under their wall-clock and CPU limits and relays their events; answers the worker's charges through
/// the session's <see cref="ChargeHandler"/>. Callers hold the session's turn (<see cref="Session.TakeTurnAsync"/>).
/// </summary>
public sealed class WorkerSupervisor(string sessionId, IReadOnlyList<CatalogEntry> datasets, WorkerPool workers, ChargeHandler charges,
    ILedger ledger, TimeSpan cellTimeout, TimeSpan cellCpuTime, ServerMetrics metrics, ILogger logger) : IAsyncDisposable
{
    private volatile bool cpuLimitExceeded;
    private WorkerProcess? worker;
    private bool workerWasLost;
    private volatile bool interruptRequested;

    private string LogTag => SessionIds.Tag(sessionId);

    /// <summary>The worker process now serving the session, if any (for the operator's tools and tests).</summary>
    public int? ProcessId => worker is { IsAlive: true } alive ? alive.ProcessId : null;

    /// <summary>Starts the worker if there is none (or it died).</summary>
    public async Task EnsureWorkerAsync(CancellationToken cancellationToken)
    {
        if (worker is { IsAlive: true }) return;
        if (worker is not null)
        {
            await worker.DisposeAsync();
            worker = null;
            workerWasLost = true;
            metrics.WorkerRestarts.Add(1);
        }
        worker = await workers.TakeAsync(sessionId, datasets, charges.ChargeAsync, cancellationToken);
    }

    /// <summary>Runs one cell, sending its events to <paramref name="emit"/> as they arrive.</summary>
    public async Task RunCellAsync(string cellId, string code, Func<ExecuteEvent, Task> emit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // The client may be gone, or an event may be over the message limit: then the worker is stopped (its further
        // events would pile up unread) and the call fails with the client's error.
        async Task Relay(ExecuteEvent e)
        {
            try { await emit(e); }
            catch (Exception failure) when (failure is not OperationCanceledException) { throw new RelayFailedException(failure); }
        }
        interruptRequested = false;
        cpuLimitExceeded = false;
        var hadWorker = worker is not null;
        await EnsureWorkerAsync(cancellationToken);
        if (workerWasLost && hadWorker)
        {
            workerWasLost = false;
            await emit(new ExecuteEvent { CellId = cellId, Notice = new Notice { Text = "This session's previous worker stopped; a fresh one was started. Variables from earlier cells are gone (datasets are loaded again); spent budget stays spent." } });
        }
        var cpuAtStart = worker!.CpuTime;
        var events = await worker.RunAsync(cellId, code, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(cellTimeout);
        using var cpuWatch = WatchCpu(worker, cpuAtStart);
        var completed = false;
        try
        {
            while (await events.WaitToReadAsync(timeout.Token))
            {
                while (events.TryRead(out var cellEvent))
                {
                    if (!IsRelayed(cellEvent)) continue;
                    cellEvent.CellId = cellId;
                    if (cellEvent.KindCase == ExecuteEvent.KindOneofCase.Error && cellEvent.Error.Kind == ErrorKind.Refused)
                        metrics.Refusals.Add(1, new KeyValuePair<string, object?>("kind", "verifier"));
                    if (cellEvent.KindCase == ExecuteEvent.KindOneofCase.Completed)
                    {
                        // The server's own wall clock, which the client could read for itself: the worker's finer
                        // figure is not passed on.
                        cellEvent.Completed.ElapsedSeconds = clock.Elapsed.TotalSeconds;
                        RecordCell(cellEvent.Completed.Success ? "success" : "error", clock);
                        await Relay(new ExecuteEvent { CellId = cellId, Budget = await BudgetAsync() });
                        completed = true;
                    }
                    await Relay(cellEvent);
                    if (completed) return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            worker.Kill();
            workerWasLost = true;
            await EmitFailureAsync(emit, cellId, ErrorKind.Timeout,
                $"The cell ran longer than {cellTimeout.TotalSeconds:G} s and was stopped. Its worker was restarted: variables from earlier cells are gone; budget spent so far stays spent.", clock);
            return;
        }
        catch (OperationCanceledException)
        {
            worker.Kill();
            workerWasLost = true;
            throw;
        }
        catch (RelayFailedException failure)
        {
            worker.Kill();
            workerWasLost = true;
            logger.LogWarning("session {Session}: an event of cell {Cell} could not be sent ({Reason}); its worker was stopped", LogTag, cellId, failure.InnerException!.GetType().Name);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure.InnerException);
        }
        workerWasLost = true;
        var (kind, message) = interruptRequested
            ? (ErrorKind.Interrupted, "The cell was interrupted. Its worker was restarted: variables from earlier cells are gone; budget spent so far stays spent.")
            : cpuLimitExceeded
            ? (ErrorKind.Timeout, $"The cell used more than {cellCpuTime.TotalSeconds:G} s of processor time and was stopped. Its worker was restarted: variables from earlier cells are gone; budget spent so far stays spent.")
            : (ErrorKind.WorkerLost, "The worker running this cell stopped (a crash, stack overflow or out of memory). A fresh worker starts with the next cell: variables from earlier cells are gone; budget spent so far stays spent.");
        await EmitFailureAsync(emit, cellId, kind, message, clock);
    }

    /// <summary>Polls the worker's processor time while a cell runs; past the limit, the worker is stopped (the cell ends as lost, reported as over its CPU limit).</summary>
    private IDisposable WatchCpu(WorkerProcess running, TimeSpan? atStart)
    {
        var stop = new CancellationTokenSource();
        if (atStart is not { } start) return stop;
        var token = stop.Token;
        _ = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            try
            {
                while (await tick.WaitForNextTickAsync(token))
                {
                    if (running.CpuTime is { } now && now - start > cellCpuTime)
                    {
                        cpuLimitExceeded = true;
                        running.Kill();
                        return;
                    }
                }
            }
            catch (OperationCanceledException) { }
        });
        return new CancelOnDispose(stop);
    }

    private sealed class CancelOnDispose(CancellationTokenSource source) : IDisposable
    {
        public void Dispose()
        {
            source.Cancel();
            source.Dispose();
        }
    }

    private void RecordCell(string outcome, Stopwatch clock)
    {
        metrics.Cells.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        metrics.CellSeconds.Record(clock.Elapsed.TotalSeconds);
    }

    private async Task EmitFailureAsync(Func<ExecuteEvent, Task> emit, string cellId, ErrorKind kind, string message, Stopwatch clock)
    {
        RecordCell(kind.Name(), clock);
        await emit(new ExecuteEvent { CellId = cellId, Error = new CellError { Kind = kind, Message = message } });
        await emit(new ExecuteEvent { CellId = cellId, Budget = await BudgetAsync() });
        await emit(new ExecuteEvent { CellId = cellId, Completed = new Completed { Success = false, ElapsedSeconds = clock.Elapsed.TotalSeconds } });
    }

    /// <summary>Stops the running cell by stopping its worker (the only way to stop arbitrary code).</summary>
    public bool Interrupt()
    {
        if (worker is null) return false;
        interruptRequested = true;
        worker.Kill();
        return true;
    }

    /// <summary>Sends a public value into the worker as a variable; returns its C# type, or throws with the worker's reason.</summary>
    public async Task<string> ImportAsync(string name, ValueKind kind, ValueEncoding encoding, Google.Protobuf.ByteString payload, CancellationToken cancellationToken)
    {
        await EnsureWorkerAsync(cancellationToken);
        var result = await worker!.ImportAsync(name, kind, encoding, payload, cancellationToken);
        if (!string.IsNullOrEmpty(result.Error)) throw new ArgumentException(result.Error);
        return result.Type;
    }

    private async Task<Budget> BudgetAsync() => BudgetWire.From(await ledger.GetBudgetAsync(sessionId));

    /// <summary>
    /// The kinds a worker may send. Budget and notices come from the server alone, so a worker cannot show the analyst
    /// a budget the ledger did not report; the cell id and elapsed time are the server's too.
    /// </summary>
    private static bool IsRelayed(ExecuteEvent cellEvent) => cellEvent.KindCase is
        ExecuteEvent.KindOneofCase.Stdout or ExecuteEvent.KindOneofCase.Display or ExecuteEvent.KindOneofCase.Export
        or ExecuteEvent.KindOneofCase.Progress or ExecuteEvent.KindOneofCase.Error or ExecuteEvent.KindOneofCase.Completed;

    public async ValueTask DisposeAsync()
    {
        if (worker is not null) await worker.DisposeAsync();
        worker = null;
    }

    private sealed class RelayFailedException(Exception inner) : Exception(inner.Message, inner);
}
