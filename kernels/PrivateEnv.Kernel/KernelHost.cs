using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;
using PrivateEnv.Kernel.Local;
using PrivateEnv.Kernel.Protocol;
using PrivateEnv.Kernel.Remote;
using PrivateEnv.Kernel.Rendering;

namespace PrivateEnv.Kernel;

/// <summary>
/// The Jupyter kernel: binds the five sockets from the connection file and answers the
/// messaging protocol (5.3). Shell requests run one at a time on the shell thread; the control
/// thread stays free for interrupt and shutdown while a cell runs. Every request is wrapped in
/// status busy/idle on IOPub.
/// </summary>
public sealed class KernelHost : IDisposable
{
    private readonly ConnectionInfo connection;
    private readonly WireCodec codec;
    private readonly string session = Guid.NewGuid().ToString("N");
    private readonly RouterSocket shell = new();
    private readonly RouterSocket control = new();
    private readonly RouterSocket stdin = new();
    private readonly RouterSocket heartbeat = new();
    private readonly PublisherSocket iopubSocket = new();
    private readonly IopubChannel iopub;
    private readonly OutputRouter router;
    private readonly LocalInterpreter local;
    private readonly CodeAssistance assistance;
    private readonly PrivateSessionController remote;
    private readonly TextWriter log;
    private readonly object executionGate = new();
    private CancellationTokenSource? runningCell;
    private volatile bool stopping;
    private int executionCount;

    public KernelHost(ConnectionInfo connection, OutputRouter router, TextWriter log)
    {
        this.connection = connection;
        this.router = router;
        this.log = log;
        codec = new WireCodec(new MessageSigner(connection.Key));
        iopub = new IopubChannel(iopubSocket, codec, session);
        local = new LocalInterpreter(router);
        assistance = new CodeAssistance(local);
        remote = new PrivateSessionController(local);
    }

    /// <summary>Binds the sockets and serves until a shutdown request arrives.</summary>
    public void Run()
    {
        shell.Bind(connection.Endpoint(connection.ShellPort));
        control.Bind(connection.Endpoint(connection.ControlPort));
        stdin.Bind(connection.Endpoint(connection.StdinPort));
        heartbeat.Bind(connection.Endpoint(connection.HeartbeatPort));
        iopubSocket.Bind(connection.Endpoint(connection.IopubPort));

        var threads = new[]
        {
            new Thread(() => Serve(heartbeat, EchoHeartbeat)) { IsBackground = true, Name = "heartbeat" },
            new Thread(() => Serve(control, frames => Dispatch(control, frames))) { IsBackground = true, Name = "control" },
        };
        foreach (var thread in threads) thread.Start();
        ParentWatch.Start(() =>
        {
            log.WriteLine("privateenv-kernel: the process that started the kernel is gone; closing the session and exiting.");
            Interrupt();
            remote.CloseQuietlyAsync().GetAwaiter().GetResult();
            stopping = true;
        });
        _ = local.WarmUpAsync();
        iopub.Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);
        Serve(shell, frames => Dispatch(shell, frames));
        foreach (var thread in threads) thread.Join(TimeSpan.FromSeconds(2));
    }

    private void Serve(NetMQSocket socket, Action<List<byte[]>> handle)
    {
        var message = new NetMQMessage();
        while (!stopping)
        {
            if (!socket.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(100), ref message)) continue;
            var frames = message.Select(f => f.ToByteArray()).ToList();
            try { handle(frames); }
            catch (Exception e) { log.WriteLine($"privateenv-kernel: {e.GetType().Name} while handling a message: {e.Message}"); }
        }
    }

    private void EchoHeartbeat(List<byte[]> frames)
    {
        var reply = new NetMQMessage();
        foreach (var frame in frames) reply.Append(frame);
        heartbeat.SendMultipartMessage(reply);
    }

    private void Dispatch(NetMQSocket socket, List<byte[]> frames)
    {
        JupyterMessage request;
        try { request = codec.Decode(frames); }
        catch (InvalidDataException e) { log.WriteLine($"privateenv-kernel: {e.Message}"); return; }

        iopub.Status("busy", request);
        try
        {
            switch (request.MessageType)
            {
                case "kernel_info_request": Reply(socket, request, KernelInfo()); break;
                case "execute_request": Execute(socket, request); break;
                case "complete_request": Reply(socket, request, Complete(request)); break;
                case "is_complete_request": Reply(socket, request, IsComplete(request)); break;
                case "inspect_request": Reply(socket, request, Inspect(request)); break;
                case "history_request": Reply(socket, request, new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() }); break;
                case "comm_info_request": Reply(socket, request, new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
                case "interrupt_request":
                    Interrupt();
                    Reply(socket, request, new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request":
                    var restart = request.Content["restart"]?.GetValue<bool>() ?? false;
                    Interrupt();
                    remote.CloseQuietlyAsync().GetAwaiter().GetResult();
                    Reply(socket, request, new JsonObject { ["status"] = "ok", ["restart"] = restart });
                    stopping = true;
                    break;
                default:
                    log.WriteLine($"privateenv-kernel: ignoring unsupported message type '{request.MessageType}'.");
                    break;
            }
        }
        finally
        {
            iopub.Status("idle", request);
        }
    }

    private void Reply(NetMQSocket socket, JupyterMessage request, JsonObject content)
    {
        var type = request.MessageType.EndsWith("_request", StringComparison.Ordinal)
            ? request.MessageType[..^"_request".Length] + "_reply"
            : request.MessageType + "_reply";
        var reply = JupyterMessage.Create(type, content, request, session, request.Identities);
        var wire = new NetMQMessage();
        foreach (var frame in codec.Encode(reply)) wire.Append(frame);
        // Shell and control each have one thread, so no other thread sends on this socket.
        socket.SendMultipartMessage(wire);
    }

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "privateenv",
        ["implementation_version"] = typeof(KernelHost).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = "PrivateEnv kernel: local C# cells run here; '#!private' cells run on the PrivateEnv server and release only DP results.",
        ["help_links"] = new JsonArray(),
        ["debugger"] = false,
    };

    private void Execute(NetMQSocket socket, JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var silent = request.Content["silent"]?.GetValue<bool>() ?? false;
        var storeHistory = !silent && (request.Content["store_history"]?.GetValue<bool>() ?? true);
        if (storeHistory) executionCount++;
        var count = executionCount;
        if (!silent) iopub.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        var output = new CellOutput(iopub, request, count, silent);
        using var interrupt = new CancellationTokenSource();
        lock (executionGate) runningCell = interrupt;
        CellOutcome outcome;
        router.Begin(output);
        try
        {
            outcome = RunCell(code, output, interrupt.Token);
        }
        catch (Exception e)
        {
            outcome = CellOutcome.Failed(e.GetType().Name, e.Message);
        }
        finally
        {
            router.End();
            lock (executionGate) runningCell = null;
        }

        if (!outcome.Success && !output.ErrorShown)
            output.Error(outcome.ErrorName, outcome.ErrorValue, outcome.Traceback ?? []);
        var reply = outcome.Success
            ? new JsonObject { ["status"] = "ok", ["execution_count"] = count, ["payload"] = new JsonArray(), ["user_expressions"] = new JsonObject() }
            : CellOutput.ErrorContent(outcome.ErrorName, outcome.ErrorValue, outcome.Traceback ?? []);
        if (!outcome.Success)
        {
            reply["status"] = "error";
            reply["execution_count"] = count;
        }
        Reply(socket, request, reply);

        // "Run all" stops at the first failing cell: cells already queued behind it are aborted.
        if (!outcome.Success && (request.Content["stop_on_error"]?.GetValue<bool>() ?? true))
            AbortQueuedExecutions(socket);
    }

    private void AbortQueuedExecutions(NetMQSocket socket)
    {
        var message = new NetMQMessage();
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref message))
        {
            var frames = message.Select(f => f.ToByteArray()).ToList();
            JupyterMessage queued;
            try { queued = codec.Decode(frames); }
            catch (InvalidDataException e) { log.WriteLine($"privateenv-kernel: {e.Message}"); continue; }
            if (queued.MessageType != "execute_request")
            {
                Dispatch(socket, frames);
                continue;
            }
            iopub.Status("busy", queued);
            Reply(socket, queued, new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount });
            iopub.Status("idle", queued);
        }
    }

    private CellOutcome RunCell(string code, CellOutput output, CancellationToken interrupt)
    {
        if (PrivateMagic.Parse(code) is { } magic)
            return remote.HandleAsync(magic, output, interrupt).GetAwaiter().GetResult();
        if (string.IsNullOrWhiteSpace(code)) return CellOutcome.Ok;
        return RunLocal(code, output, interrupt);
    }

    /// <summary>
    /// Local cells run on a worker task so an interrupt can end the wait. .NET cannot abort a
    /// thread, so a cell that ignores <see cref="KernelGlobals.Cancellation"/> keeps running in the background.
    /// </summary>
    private CellOutcome RunLocal(string code, CellOutput output, CancellationToken interrupt)
    {
        var run = Task.Run(() => local.RunAsync(code, interrupt));
        try { run.Wait(interrupt); }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            if (!run.Wait(TimeSpan.FromSeconds(2), CancellationToken.None))
                return CellOutcome.Failed("KeyboardInterrupt", "Interrupted. The local cell did not stop (it ignores Cancellation) and keeps running in the background; restart the kernel to stop it.");
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException) { }

        if (run.IsCanceled || (run.IsFaulted && run.Exception?.InnerException is OperationCanceledException))
            return CellOutcome.Failed("KeyboardInterrupt", "Interrupted.");
        if (run.IsFaulted) return CellOutcome.Failed(run.Exception!.InnerException!.GetType().Name, run.Exception.InnerException.Message);

        var result = run.Result;
        router.Flush();
        if (result.CompileErrors is { Count: > 0 } errors)
            return CellOutcome.Failed("CompilationError", string.Join("\n", errors), errors.ToArray());
        if (result.Exception is { } thrown)
        {
            if (thrown is OperationCanceledException && interrupt.IsCancellationRequested) return CellOutcome.Failed("KeyboardInterrupt", "Interrupted.");
            return CellOutcome.Failed(thrown.GetType().Name, thrown.Message, $"{thrown.GetType().FullName}: {thrown.Message}", thrown.StackTrace ?? "");
        }
        if (result.HasValue) output.Result(MimeBundle.For(result.Value));
        return CellOutcome.Ok;
    }

    private void Interrupt()
    {
        lock (executionGate) runningCell?.Cancel();
    }

    private JsonObject Complete(JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var cursor = request.Content["cursor_pos"]?.GetValue<int>() ?? code.Length;
        var completion = assistance.Complete(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(completion.Matches.Select(m => (JsonNode?)m).ToArray()),
            ["cursor_start"] = completion.CursorStart,
            ["cursor_end"] = completion.CursorEnd,
            ["metadata"] = new JsonObject(),
        };
    }

    private static JsonObject IsComplete(JupyterMessage request)
    {
        var status = CodeAssistance.IsComplete(request.Content["code"]?.GetValue<string>() ?? "");
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = "";
        return reply;
    }

    private JsonObject Inspect(JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var cursor = request.Content["cursor_pos"]?.GetValue<int>() ?? code.Length;
        var text = assistance.Inspect(code, cursor);
        return new JsonObject
        {
            ["status"] = "ok",
            ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text },
            ["metadata"] = new JsonObject(),
        };
    }

    public void Dispose()
    {
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, heartbeat, iopubSocket })
        {
            socket.Options.Linger = TimeSpan.Zero;
            socket.Dispose();
        }
        NetMQConfig.Cleanup(block: false);
    }
}
