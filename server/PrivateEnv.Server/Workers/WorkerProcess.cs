using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Server.Workers;

/// <summary>
/// One running worker: the process, its channel, and a reader loop that routes what the worker
/// sends — cell events to the running cell, charge requests to the charge handler.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly DirectoryInfo directory;
    private readonly ILogger logger;
    private readonly FramedChannel<ToWorker, FromWorker> channel;
    private readonly TaskCompletionSource<Ready> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DatasetsValidated> validated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ImportResult>> imports = new();
    private Channel<ExecuteEvent>? currentCell;
    private Func<ChargeRequest, Task<ChargeReply>>? chargeHandler;
    private long nextImportId;
    private int dead;

    private readonly Action? cleanup;

    private readonly WorkerDiagnostics diagnostics;
    private int stopRequested;
    private readonly int pid;
    private readonly Task readLoop;

    internal WorkerProcess(Process process, Socket socket, DirectoryInfo directory, ILogger logger, WorkerDiagnostics diagnostics, Action? cleanup = null)
    {
        this.diagnostics = diagnostics;
        this.cleanup = cleanup;
        this.process = process;
        pid = process.Id;
        this.directory = directory;
        this.logger = logger;
        channel = new FramedChannel<ToWorker, FromWorker>(new NetworkStream(socket, ownsSocket: true), FromWorker.Parser, FramedChannel<ToWorker, FromWorker>.MaxFromWorkerBytes);
        readLoop = Task.Run(ReadLoopAsync);
    }

    public bool IsAlive => Volatile.Read(ref dead) == 0 && !process.HasExited;
    public int ProcessId => pid;

    /// <summary>The worker's process and what it started (bubblewrap, then the worker itself): found once, read often.</summary>
    private IReadOnlyList<int>? tree;

    /// <summary>Processor time of the worker and everything it started (null where it cannot be read).</summary>
    public TimeSpan? CpuTime
    {
        get
        {
            tree ??= ProcessTreeCpu.Tree(pid);
            return ProcessTreeCpu.Of(tree);
        }
    }

    /// <summary>Loads the datasets; charges go to <paramref name="onCharge"/> (none yet for a pooled worker: refused until one is attached).</summary>
    public async Task InitialiseAsync(Init init, Func<ChargeRequest, Task<ChargeReply>>? onCharge, CancellationToken cancellationToken)
    {
        chargeHandler = onCharge;
        await channel.WriteAsync(new ToWorker { Init = init }, cancellationToken);
        var answer = await ready.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        if (!string.IsNullOrEmpty(answer.Error))
        {
            // About the data (a CSV changed since the start-up check, say): for the operator, not the analyst.
            logger.LogError("worker {Pid} could not load its session's datasets: {Error}", pid, answer.Error);
            throw new InvalidOperationException("The worker could not load the session's datasets; tell the server's operator (its log says why).");
        }
    }

    /// <summary>The start-up dataset check: this worker loads the datasets, answers and exits; it runs no cells.</summary>
    public async Task<DatasetsValidated> ValidateAsync(ValidateDatasets request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await channel.WriteAsync(new ToWorker { Validate = request }, cancellationToken);
        try { return await validated.Task.WaitAsync(timeout, cancellationToken); }
        catch (TimeoutException) { throw new TimeoutException($"The worker did not finish loading the datasets within {timeout.TotalSeconds:0} s."); }
    }

    /// <summary>Hands a ready (pooled) worker to its one session: from now on its charges go to that session's ledger entry.</summary>
    public void AttachCharges(Func<ChargeRequest, Task<ChargeReply>> onCharge) => chargeHandler = onCharge;

    /// <summary>Starts a cell; its events arrive on the returned reader, which completes if the worker dies.</summary>
    public async Task<ChannelReader<ExecuteEvent>> RunAsync(string cellId, string code, CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<ExecuteEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        currentCell = events;
        if (!IsAlive) events.Writer.TryComplete();
        else await channel.WriteAsync(new ToWorker { Run = new RunCell { CellId = cellId, Code = code } }, cancellationToken);
        return events.Reader;
    }

    public async Task<ImportResult> ImportAsync(string name, ValueKind kind, ValueEncoding encoding, Google.Protobuf.ByteString payload, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref nextImportId);
        var result = new TaskCompletionSource<ImportResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        imports[id] = result;
        await channel.WriteAsync(new ToWorker { Import = new ImportValue { RequestId = id, Name = name, Kind = kind, Encoding = encoding, Payload = payload } }, cancellationToken);
        return await result.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await channel.ReadAsync() is { } message)
            {
                switch (message.KindCase)
                {
                    case FromWorker.KindOneofCase.Ready:
                        ready.TrySetResult(message.Ready);
                        break;
                    case FromWorker.KindOneofCase.Validated:
                        Interlocked.Exchange(ref stopRequested, 1);   // the dataset check's worker exits once it has answered
                        validated.TrySetResult(message.Validated);
                        break;
                    case FromWorker.KindOneofCase.Event:
                        currentCell?.Writer.TryWrite(message.Event);
                        break;
                    case FromWorker.KindOneofCase.Charge:
                        var reply = await ChargeAsync(message.Charge);
                        reply.RequestId = message.Charge.RequestId;
                        await channel.WriteAsync(new ToWorker { ChargeReply = reply });
                        break;
                    case FromWorker.KindOneofCase.ImportResult:
                        if (imports.TryRemove(message.ImportResult.RequestId, out var waiter)) waiter.TrySetResult(message.ImportResult);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException or SocketException or Google.Protobuf.InvalidProtocolBufferException)
        {
            logger.LogInformation("worker {Pid} channel closed: {Reason}", pid, e.GetType().Name);
        }
        catch (Exception e)
        {
            logger.LogError(e, "worker {Pid}: the read loop failed", pid);
        }
        finally
        {
            // Read before MarkDead: that ends the running cell, after which the session may dispose this worker at once.
            var unexpected = Volatile.Read(ref stopRequested) == 0;
            MarkDead();
            if (unexpected) await ReportUnexpectedEndAsync();
        }
    }

    /// <summary>The worker ended without the server asking: say why, as far as the operator's log can tell.</summary>
    private async Task ReportUnexpectedEndAsync()
    {
        // The session may dispose this worker meanwhile (its next cell starts a fresh one, and kills this process if it
        // has not exited 2 s later); DisposeAsync keeps the Process object until this report is written.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int? exitCode = null;
        try
        {
            await process.WaitForExitAsync(wait.Token);
            exitCode = process.ExitCode;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException) { }
        logger.LogWarning("worker {Pid} ended on its own: {Diagnostics}", pid, diagnostics.Describe(exitCode));
    }

    /// <summary>
    /// A charge from the worker, answered whatever happens: the worker runs hostile code, so a request that makes the
    /// ledger throw is refused (nothing released) instead of ending the read loop and leaving the cell waiting.
    /// </summary>
    private async Task<ChargeReply> ChargeAsync(ChargeRequest request)
    {
        if (chargeHandler is null) return new ChargeReply { Granted = false, Error = "No ledger is attached." };
        try
        {
            return await chargeHandler(request);
        }
        catch (Exception e)
        {
            logger.LogError(e, "worker {Pid}: a charge could not be handled; refused", pid);
            return new ChargeReply { Granted = false, Error = "The ledger could not record this charge, so nothing was released." };
        }
    }

    private void MarkDead()
    {
        Interlocked.Exchange(ref dead, 1);
        ready.TrySetException(new InvalidOperationException("The worker stopped while starting."));
        validated.TrySetException(new InvalidOperationException("The worker stopped before answering."));
        currentCell?.Writer.TryComplete();
        foreach (var id in imports.Keys)
            if (imports.TryRemove(id, out var waiter)) waiter.TrySetException(new InvalidOperationException("The worker stopped."));
    }

    /// <summary>Ends the worker now (timeouts, interrupts, close).</summary>
    public void Kill()
    {
        Interlocked.Exchange(ref stopRequested, 1);
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        MarkDead();
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref stopRequested, 1);
        try
        {
            if (IsAlive) await channel.WriteAsync(new ToWorker { Shutdown = new Shutdown() }).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException or SocketException) { }
        if (!process.WaitForExit(2000)) Kill();
        MarkDead();
        channel.Dispose();
        // The read loop ends once the channel is closed, but an unexpected-end report may still be reading the exit code.
        try { await readLoop.WaitAsync(TimeSpan.FromSeconds(15)); }
        catch (TimeoutException) { logger.LogWarning("worker {Pid}: its read loop did not end within 15 s of disposal", pid); }
        process.Dispose();
        try { directory.Delete(recursive: true); } catch (IOException) { }
        cleanup?.Invoke();
    }
}
