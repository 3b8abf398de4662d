using System.Text.Json.Nodes;
using Grpc.Core;
using PrivateEnv.Client;
using PrivateEnv.Client.Rendering;
using PrivateEnv.Kernel.Local;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Kernel.Remote;

/// <summary>
/// Runs `#!private` cells: holds the notebook's server session, streams remote events into the
/// cell as they arrive, and turns exports into local variables.
/// </summary>
public sealed class PrivateSessionController(LocalInterpreter local)
{
    /// <summary>How long to wait for the server to end a cell after an interrupt before giving up on it.</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(15);

    private PrivateEnvSession? session;
    private string? url;

    public bool Connected => session is not null;

    public async Task<CellOutcome> HandleAsync(PrivateMagic magic, CellOutput output, CancellationToken interrupt) => magic switch
    {
        PrivateMagic.Connect c => await ConnectAsync(c, output, interrupt),
        PrivateMagic.Run r => await RunAsync(r.Code, output, interrupt),
        PrivateMagic.Import i => await ImportAsync(i.Name, output, interrupt),
        PrivateMagic.Odometer => await OdometerAsync(output, interrupt),
        PrivateMagic.Close => await CloseAsync(output),
        PrivateMagic.Invalid invalid => CellOutcome.Failed("UsageError", invalid.Message),
        _ => CellOutcome.Failed("UsageError", "Unknown private command."),
    };

    private async Task<CellOutcome> ConnectAsync(PrivateMagic.Connect connect, CellOutput output, CancellationToken cancellationToken)
    {
        var target = connect.Url ?? Environment.GetEnvironmentVariable("PRIVATEENV_URL");
        var key = connect.ApiKey ?? Environment.GetEnvironmentVariable("PRIVATEENV_API_KEY");
        var datasets = connect.Datasets.Count > 0
            ? connect.Datasets
            : (Environment.GetEnvironmentVariable("PRIVATEENV_DATASET") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (string.IsNullOrEmpty(target) || string.IsNullOrEmpty(key) || datasets.Count == 0)
            return CellOutcome.Failed("UsageError",
                "Connect needs a server URL, an API key and at least one dataset: '#!private connect --url http://HOST:PORT --api-key KEY --dataset NAME', or set PRIVATEENV_URL, PRIVATEENV_API_KEY and PRIVATEENV_DATASET.");

        if (session is not null) await CloseQuietlyAsync();
        try
        {
            session = await PrivateEnvClient.ConnectAsync(target, key, datasets, cancellationToken);
            url = target;
        }
        catch (RpcException e)
        {
            return CellOutcome.Failed("ConnectionError", $"Could not open a session at {target}: {e.Status.Detail}. Check the URL, the API key and the dataset names.");
        }
        catch (Exception e) when (e is ArgumentException or HttpRequestException)
        {
            return CellOutcome.Failed("ConnectionError", e.Message);
        }

        output.Display(new JsonObject
        {
            ["text/plain"] = SessionView.Text(target, session),
            ["text/html"] = SessionView.Html(target, session),
        });
        return CellOutcome.Ok;
    }

    private async Task<CellOutcome> RunAsync(string code, CellOutput output, CancellationToken interrupt)
    {
        if (session is null)
        {
            var auto = await ConnectFromEnvironmentAsync(output, interrupt);
            if (auto is not null) return auto;
        }
        var current = session!;
        var cellId = Guid.NewGuid().ToString("N")[..12];
        CellError? error = null;
        var completedOk = false;
        try
        {
            // On interrupt the server stops the cell and restarts the worker; it has InterruptGrace to say so.
            await foreach (var e in current.ExecuteInterruptibleAsync(code, cellId, InterruptGrace, interrupt))
            {
                switch (e.KindCase)
                {
                    case ExecuteEvent.KindOneofCase.Stdout:
                        output.Stream("stdout", e.Stdout.Text);
                        break;
                    case ExecuteEvent.KindOneofCase.Notice:
                        output.Stream("stderr", $"note: {e.Notice.Text}\n");
                        break;
                    case ExecuteEvent.KindOneofCase.Display:
                        output.Display(RemoteDisplay.Bundle(e.Display), string.IsNullOrEmpty(e.Display.DisplayId) ? null : $"privateenv-{e.Display.DisplayId}");
                        break;
                    case ExecuteEvent.KindOneofCase.Progress:
                        output.Display(ProgressView.Bundle(e.Progress), $"privateenv-progress-{cellId}-{e.Progress.Id}");
                        break;
                    case ExecuteEvent.KindOneofCase.Export:
                        await DefineExportAsync(e.Export, output);
                        break;
                    case ExecuteEvent.KindOneofCase.Error:
                        error ??= e.Error;
                        break;
                    case ExecuteEvent.KindOneofCase.Completed:
                        completedOk = e.Completed.Success;
                        if (e.Completed.HasValueText) output.Result(new JsonObject { ["text/plain"] = e.Completed.ValueText });
                        break;
                }
            }
        }
        catch (Exception e) when ((e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }) && interrupt.IsCancellationRequested)
        {
            return CellOutcome.Failed("KeyboardInterrupt", "Interrupted; the server did not confirm within 15 s. Run '#!private odometer' to check the session.");
        }
        catch (RpcException e)
        {
            return CellOutcome.Failed("ConnectionError", $"The server ended the cell: {e.Status.Detail}. If the server restarted, connect again with '#!private connect'.");
        }

        if (error is not null) return FromRemoteError(error);
        return completedOk ? CellOutcome.Ok : CellOutcome.Failed("RemoteError", "The server ended the cell without reporting success.");
    }

    private async Task DefineExportAsync(ExportValue export, CellOutput output)
    {
        try
        {
            var (value, type) = ExportDecoder.Decode(export);
            await local.DefineVariableAsync(export.Name, value, type);
            output.Stream("stdout", $"exported {export.Name} → local variable {LocalInterpreter.CSharpTypeName(type).Replace("global::", "")} {export.Name}\n");
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException)
        {
            output.Stream("stderr", $"export {export.Name} arrived but could not become a local variable: {e.Message}\n");
        }
    }

    private async Task<CellOutcome> ImportAsync(string name, CellOutput output, CancellationToken cancellationToken)
    {
        if (session is null) return NotConnected();
        if (!local.TryGetVariable(name, out var value))
            return CellOutcome.Failed("NameError", $"No local variable '{name}'. Define it in a local cell first, e.g. double[] {name} = {{ 1, 2, 3 }};");
        if (value is null) return CellOutcome.Failed("ValueError", $"'{name}' is null; import a number, string, bool, date, an array of them, a table or a model (Sequential, ModelExport, PortableModel).");
        try
        {
            var type = await session.PrivateImportAsync(name, LocalModels.ToPortable(value) ?? value, cancellationToken);
            output.Stream("stdout", $"imported {name} → remote variable {type} {name}\n");
            return CellOutcome.Ok;
        }
        catch (ArgumentException e) { return CellOutcome.Failed("ValueError", e.Message); }
        catch (RpcException e) { return CellOutcome.Failed("ImportError", $"The server refused the import of '{name}': {e.Status.Detail}"); }
    }

    private async Task<CellOutcome> OdometerAsync(CellOutput output, CancellationToken cancellationToken)
    {
        if (session is null) return NotConnected();
        try
        {
            var odometer = await session.GetOdometerAsync(cancellationToken);
            output.Display(new JsonObject { ["text/plain"] = OdometerView.Text(odometer), ["text/html"] = OdometerView.Html(odometer) });
            return CellOutcome.Ok;
        }
        catch (RpcException e) { return CellOutcome.Failed("ConnectionError", $"Could not read the odometer: {e.Status.Detail}"); }
    }

    private async Task<CellOutcome> CloseAsync(CellOutput output)
    {
        if (session is null) return NotConnected();
        var closing = session;
        session = null;
        try
        {
            var budget = await closing.CloseAsync();
            output.Stream("stdout", SessionView.Closed(budget) + "\n");
            return CellOutcome.Ok;
        }
        catch (RpcException e) { return CellOutcome.Failed("ConnectionError", $"Closing the session failed: {e.Status.Detail}"); }
        finally { await closing.DisposeAsync(); }
    }

    /// <summary>Ends the session when the kernel shuts down.</summary>
    public async Task CloseQuietlyAsync()
    {
        if (session is null) return;
        var closing = session;
        session = null;
        try { await closing.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is RpcException or TimeoutException or HttpRequestException) { }
    }

    private async Task<CellOutcome?> ConnectFromEnvironmentAsync(CellOutput output, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PRIVATEENV_URL")) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PRIVATEENV_API_KEY")))
            return NotConnected();
        var outcome = await ConnectAsync(new PrivateMagic.Connect(null, null, []), output, cancellationToken);
        return outcome.Success ? null : outcome;
    }

    private static CellOutcome NotConnected() => CellOutcome.Failed("NotConnected",
        "No private session. Run '#!private connect --url URL --api-key KEY --dataset NAME' first (or set PRIVATEENV_URL, PRIVATEENV_API_KEY and PRIVATEENV_DATASET).");

    private static CellOutcome FromRemoteError(CellError error) =>
        CellOutcome.Failed(RemoteErrors.Name(error.Kind), error.Message, RemoteErrors.Describe(error));
}
