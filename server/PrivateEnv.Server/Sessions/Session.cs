using System.Diagnostics;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Protocol;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Observability;
using PrivateEnv.Server.Workers;

namespace PrivateEnv.Server.Sessions;

/// <summary>
/// One analyst session: its datasets, its worker (started on demand, replaced after a crash or
/// timeout), and its budget in the ledger. Cells run one at a time, in arrival order.
/// </summary>
public sealed class Session : IAsyncDisposable
{
    private readonly SemaphoreSlim cellGate = new(1, 1);
    private readonly WorkerLauncher launcher;
    private readonly ILedger ledger;
    private readonly TimeSpan cellTimeout;
    private readonly TimeSpan cellCpuTime;
    private volatile bool cpuLimitExceeded;
    private readonly ILogger logger;
    private readonly ServerMetrics metrics;
    private WorkerProcess? worker;
    private bool workerWasLost;
    private volatile bool interruptRequested;

    public Session(string id, string analyst, IReadOnlyList<CatalogEntry> datasets, WorkerLauncher launcher, ILedger ledger, TimeSpan cellTimeout, TimeSpan cellCpuTime, ServerMetrics metrics, ILogger logger)
    {
        this.metrics = metrics;
        Id = id;
        Analyst = analyst;
        Datasets = datasets;
        this.launcher = launcher;
        this.ledger = ledger;
        this.cellTimeout = cellTimeout;
        this.cellCpuTime = cellCpuTime;
        this.logger = logger;
    }

    public string Id { get; }

    /// <summary>The session id as logs show it: a prefix, enough to follow one session, not enough to address it.</summary>
    public string LogTag => SessionIds.Tag(Id);

    public string Analyst { get; }
    public IReadOnlyList<CatalogEntry> Datasets { get; }
    public DateTimeOffset LastUsed { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>True while a cell or an import runs.</summary>
    public bool IsBusy => cellGate.CurrentCount == 0;

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
        var started = await launcher.StartAsync(Id, Datasets.Select(d => Path.GetDirectoryName(d.CsvPath)!), cancellationToken);
        var init = new Init { SessionId = Id };
        foreach (var dataset in Datasets)
            init.Datasets.Add(new WorkerDataset { Name = dataset.Name, CsvPath = dataset.CsvPath, MetadataJson = dataset.MetadataJson });
        try
        {
            await started.InitialiseAsync(init, ChargeAsync, cancellationToken);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        worker = started;
    }

    /// <summary>
    /// Costing an event is bounded (see <see cref="PrivacyCost"/>: up to about 2 s and a few hundred MB for a crafted
    /// one), and this gate keeps sessions from doing it all at once: at most one per two processors.
    /// </summary>
    private static readonly SemaphoreSlim CostingGate = new(Math.Max(1, Environment.ProcessorCount / 2));

    private async Task<ChargeReply> ChargeAsync(ChargeRequest request)
    {
        PrivacyCharge? charge;
        string? refusal;
        await CostingGate.WaitAsync();
        try { (charge, refusal) = IncomingCharge.Verify(request.EventJson, request.Epsilon, request.Delta, request.Description); }
        finally { CostingGate.Release(); }
        if (charge is null) return new ChargeReply { Granted = false, Error = refusal };
        if (charge.Epsilon > request.Epsilon * (1 + 1e-9) + 1e-12)
            logger.LogWarning("session {Session}: a worker claimed ε={Claimed} for an event that costs ε={Epsilon}; recording the latter", LogTag, request.Epsilon, charge.Epsilon);
        try
        {
            var outcome = await ledger.TryChargeAsync(Id, request.CellId, charge);
            logger.LogInformation("charge session={Session} cell={Cell} eps={Epsilon} delta={Delta} granted={Granted}", LogTag, request.CellId, charge.Epsilon, request.Delta, outcome.Granted);
            (outcome.Granted ? metrics.Charges : metrics.Refusals).Add(1, new KeyValuePair<string, object?>("kind", "budget"));
            return new ChargeReply { Granted = outcome.Granted, Refusal = outcome.Refusal?.ToWire() };
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning("charge refused for session {Session}: {Reason}", LogTag, e.Message);
            return new ChargeReply { Granted = false, Error = "The ledger could not record this charge, so nothing was released: " + e.Message };
        }
    }

    /// <summary>Runs one cell, sending its events to <paramref name="emit"/> as they arrive.</summary>
    public async Task ExecuteAsync(string cellId, string code, Func<ExecuteEvent, Task> emit, CancellationToken cancellationToken)
    {
        await cellGate.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            LastUsed = DateTimeOffset.UtcNow;
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
                            await emit(new ExecuteEvent { CellId = cellId, Budget = await BudgetAsync() });
                            completed = true;
                        }
                        await emit(cellEvent);
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
            workerWasLost = true;
            var (kind, message) = interruptRequested
                ? (ErrorKind.Interrupted, "The cell was interrupted. Its worker was restarted: variables from earlier cells are gone; budget spent so far stays spent.")
                : cpuLimitExceeded
                ? (ErrorKind.Timeout, $"The cell used more than {cellCpuTime.TotalSeconds:G} s of processor time and was stopped. Its worker was restarted: variables from earlier cells are gone; budget spent so far stays spent.")
                : (ErrorKind.WorkerLost, "The worker running this cell stopped (a crash, stack overflow or out of memory). A fresh worker starts with the next cell: variables from earlier cells are gone; budget spent so far stays spent.");
            await EmitFailureAsync(emit, cellId, kind, message, clock);
        }
        finally
        {
            LastUsed = DateTimeOffset.UtcNow;
            cellGate.Release();
        }
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
        if (cellGate.CurrentCount > 0 || worker is null) return false;
        interruptRequested = true;
        worker.Kill();
        return true;
    }

    public async Task<PrivateImportResponse> ImportAsync(PrivateImportRequest request, CancellationToken cancellationToken)
    {
        await cellGate.WaitAsync(cancellationToken);
        try
        {
            await EnsureWorkerAsync(cancellationToken);
            var result = await worker!.ImportAsync(request.Name, request.Kind, request.Encoding, request.Payload, cancellationToken);
            if (!string.IsNullOrEmpty(result.Error)) throw new ArgumentException(result.Error);
            return new PrivateImportResponse { Name = request.Name, Type = result.Type };
        }
        finally { cellGate.Release(); }
    }

    public async Task<Budget> BudgetAsync()
    {
        var state = await ledger.GetBudgetAsync(Id);
        return new Budget
        {
            EpsilonTotal = state.EpsilonTotal,
            DeltaTotal = state.DeltaTotal,
            EpsilonSpent = state.EpsilonSpent,
            DeltaSpent = state.DeltaSpent,
            Composition = state.Composition,
        };
    }

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
}
