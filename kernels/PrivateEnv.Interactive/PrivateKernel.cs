using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.ValueSharing;
using PrivateEnv.Client;
using PrivateEnv.Client.Rendering;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Interactive;

/// <summary>
/// A kernel whose cells run on a PrivateEnv server, in the session <c>#!connect privateenv</c> opened. It forwards each cell
/// through the client library and streams the server's events into the cell (stdout, notices, HTML/SVG displays, progress bars
/// updated in place, the cell's value, errors); a notebook's interrupt stops the remote cell. Values the cell exports are
/// requestable (<c>#!share</c>, <c>#!set … @name:value</c>) as the codec decodes them; values sent to it are imported into the session.
/// </summary>
public sealed class PrivateKernel : Kernel,
    IKernelCommandHandler<SubmitCode>,
    IKernelCommandHandler<RequestValue>,
    IKernelCommandHandler<RequestValueInfos>,
    IKernelCommandHandler<SendValue>
{
    /// <summary>How long the server has to end a cell after an interrupt before the cell stops listening.</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(15);

    private PrivateEnvSession? session;

    public PrivateKernel(string name) : base(name)
    {
        KernelInfo.LanguageName = "C#";
        KernelInfo.DisplayName = $"{name} - PrivateEnv (C# on the server)";
        this.UseValueSharing();
        RegisterForDisposal(() => _ = CloseQuietlyAsync());
    }

    /// <summary>Opens a session (closing this kernel's previous one) and shows the datasets' public metadata.</summary>
    internal async Task ConnectAsync(string url, string apiKey, IReadOnlyList<string> datasets, KernelInvocationContext context)
    {
        await CloseQuietlyAsync();
        try
        {
            session = await PrivateEnvClient.ConnectAsync(url, apiKey, datasets, context.CancellationToken);
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"ConnectionError: could not open a session at {url}: {e.Status.Detail}. Check the URL, the API key and the dataset names.", e);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"ConnectionError: {e.Message}", e);
        }
        Show(context, context.Command, new JsonObject { ["text/plain"] = SessionView.Text(url, session), ["text/html"] = SessionView.Html(url, session) });
    }

    async Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        if (Session(context) is not { } current) return;
        var cellId = Guid.NewGuid().ToString("N")[..12];
        var shown = new HashSet<string>(StringComparer.Ordinal);
        CellError? error = null;
        var completed = false;
        try
        {
            await foreach (var e in current.ExecuteInterruptibleAsync(command.Code, cellId, InterruptGrace, context.CancellationToken))
            {
                switch (e.KindCase)
                {
                    case ExecuteEvent.KindOneofCase.Stdout:
                        context.Publish(new StandardOutputValueProduced(command, [new FormattedValue(PlainTextFormatter.MimeType, e.Stdout.Text)]));
                        break;
                    case ExecuteEvent.KindOneofCase.Notice:
                        context.Publish(new StandardErrorValueProduced(command, [new FormattedValue(PlainTextFormatter.MimeType, $"note: {e.Notice.Text}\n")]));
                        break;
                    case ExecuteEvent.KindOneofCase.Display:
                        Show(context, command, RemoteDisplay.Bundle(e.Display), string.IsNullOrEmpty(e.Display.DisplayId) ? null : $"privateenv-{cellId}-{e.Display.DisplayId}", shown);
                        break;
                    case ExecuteEvent.KindOneofCase.Progress:
                        Show(context, command, ProgressView.Bundle(e.Progress), $"privateenv-progress-{cellId}-{e.Progress.Id}", shown);
                        break;
                    case ExecuteEvent.KindOneofCase.Export:
                        context.Publish(new StandardOutputValueProduced(command, [new FormattedValue(PlainTextFormatter.MimeType,
                            $"exported {e.Export.Name} ({e.Export.Kind.Name()}) → #!share --from {Name} {e.Export.Name}\n")]));
                        break;
                    case ExecuteEvent.KindOneofCase.Error:
                        error ??= e.Error;
                        break;
                    case ExecuteEvent.KindOneofCase.Completed:
                        completed = e.Completed.Success;
                        if (e.Completed.HasValueText)
                            context.Publish(new ReturnValueProduced(e.Completed.ValueText, command, [new FormattedValue(PlainTextFormatter.MimeType, e.Completed.ValueText)], null));
                        break;
                }
            }
        }
        catch (Exception e) when ((e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }) && context.CancellationToken.IsCancellationRequested)
        {
            context.Fail(command, message: $"KeyboardInterrupt: interrupted; the server did not confirm within {InterruptGrace.TotalSeconds:0} s. Run '#!{Name}-odometer' to check the session.");
            return;
        }
        catch (RpcException e)
        {
            context.Fail(command, message: $"ConnectionError: the server ended the cell: {e.Status.Detail}. If the server restarted, connect again with '#!connect privateenv --kernel-name {Name} …'.");
            return;
        }
        if (error is not null) context.Fail(command, message: RemoteErrors.Describe(error));
        else if (!completed) context.Fail(command, message: "RemoteError: the server ended the cell without reporting success.");
    }

    /// <summary>An export of this session, decoded by the codec (<see cref="ExportDecoder"/>), with the requested formatting.</summary>
    Task IKernelCommandHandler<RequestValue>.HandleAsync(RequestValue command, KernelInvocationContext context)
    {
        if (session is not { } current || !current.Exports.Contains(command.Name))
        {
            context.Fail(command, message: $"No export named '{command.Name}' in '{Name}'. A '#!{Name}' cell makes one with Export(value, \"{command.Name}\").");
            return Task.CompletedTask;
        }
        try
        {
            var (value, _) = current.Exports.Decode(command.Name);
            context.Publish(new ValueProduced(value, command.Name, new FormattedValue(command.MimeType, value.ToDisplayString(command.MimeType)), command));
        }
        catch (InvalidDataException e) { context.Fail(command, message: e.Message); }
        return Task.CompletedTask;
    }

    Task IKernelCommandHandler<RequestValueInfos>.HandleAsync(RequestValueInfos command, KernelInvocationContext context)
    {
        var infos = new List<KernelValueInfo>();
        if (session is { } current)
            foreach (var name in current.Exports.Names.Order(StringComparer.Ordinal))
            {
                var raw = current.Exports.Raw(name);
                var type = raw.Kind.ToPortable().Info().Type;
                infos.Add(new KernelValueInfo(name, new FormattedValue(PlainTextFormatter.MimeType, raw.Kind.Name()), type, type.Name));
            }
        context.Publish(new ValueInfosProduced(infos, command));
        return Task.CompletedTask;
    }

    /// <summary>A value sent here (<c>#!share --from csharp x</c> or <c>#!set</c> in a private cell) is imported into the session.</summary>
    Task IKernelCommandHandler<SendValue>.HandleAsync(SendValue command, KernelInvocationContext context) =>
        ImportAsync(command.Name, command.Value, command.FormattedValue, context);

    /// <summary>
    /// Imports a public value as the session variable <paramref name="name"/> (PrivateImport): a .NET value as the client encodes it
    /// (<see cref="ImportEncoder"/>), or, for a value shared as JSON, a number, string, bool or array of them.
    /// </summary>
    internal async Task ImportAsync(string name, object? value, FormattedValue? formatted, KernelInvocationContext context)
    {
        if (Session(context) is not { } current) return;
        try
        {
            value ??= FromJson(formatted) ?? throw new ArgumentException($"'{name}' is null; import a number, string, bool, date, an array of them, double[][], a PortableTable or a PortableModel.");
            var type = await current.PrivateImportAsync(name, value, context.CancellationToken);
            context.Publish(new StandardOutputValueProduced(context.Command, [new FormattedValue(PlainTextFormatter.MimeType, $"imported {name} → remote variable {type} {name}\n")]));
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            context.Fail(context.Command, message: $"ValueError: {e.Message}");
        }
        catch (RpcException e)
        {
            context.Fail(context.Command, message: $"ImportError: the server refused the import of '{name}': {e.Status.Detail}");
        }
    }

    internal async Task ShowOdometerAsync(KernelInvocationContext context)
    {
        if (Session(context) is not { } current) return;
        try
        {
            var odometer = await current.GetOdometerAsync(context.CancellationToken);
            Show(context, context.Command, new JsonObject { ["text/plain"] = OdometerView.Text(odometer), ["text/html"] = OdometerView.Html(odometer) });
        }
        catch (RpcException e) { context.Fail(context.Command, message: $"ConnectionError: could not read the odometer: {e.Status.Detail}"); }
    }

    internal async Task CloseAsync(KernelInvocationContext context)
    {
        if (Session(context) is not { } closing) return;
        session = null;
        try
        {
            var budget = await closing.CloseAsync(context.CancellationToken);
            context.Publish(new StandardOutputValueProduced(context.Command, [new FormattedValue(PlainTextFormatter.MimeType, SessionView.Closed(budget) + "\n")]));
        }
        catch (RpcException e) { context.Fail(context.Command, message: $"ConnectionError: closing the session failed: {e.Status.Detail}"); }
        finally { await closing.DisposeAsync(); }
    }

    private async Task CloseQuietlyAsync()
    {
        if (session is not { } closing) return;
        session = null;
        try { await closing.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is RpcException or TimeoutException or HttpRequestException) { }
    }

    private PrivateEnvSession? Session(KernelInvocationContext context)
    {
        if (session is null)
            context.Fail(context.Command, message: $"NotConnected: '{Name}' has no open session. Connect with '#!connect privateenv --kernel-name {Name} --url URL --api-key KEY --dataset NAME'.");
        return session;
    }

    /// <summary>A value shared as JSON (<c>#!set</c> without --byref): a number, string or bool, or an array of one of them, or of number arrays.</summary>
    private static object? FromJson(FormattedValue? formatted)
    {
        if (formatted is not { MimeType: JsonFormatter.MimeType }) return formatted?.Value;
        using var json = JsonDocument.Parse(formatted.Value);
        var root = json.RootElement;
        PortableKind? kind = root.ValueKind switch
        {
            JsonValueKind.Number => PortableKind.Double,
            JsonValueKind.String => PortableKind.String,
            JsonValueKind.True or JsonValueKind.False => PortableKind.Bool,
            JsonValueKind.Array when root.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number) => PortableKind.DoubleArray,
            JsonValueKind.Array when root.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => PortableKind.StringArray,
            JsonValueKind.Array when root.EnumerateArray().All(e => e.ValueKind is JsonValueKind.True or JsonValueKind.False) => PortableKind.BoolArray,
            JsonValueKind.Array when root.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Array) => PortableKind.DoubleMatrix,
            _ => null,
        };
        if (kind is not { } k) throw new ArgumentException("A value shared as JSON must be a number, string, bool or an array of them; share other values by reference (#!share, or #!set … --byref).");
        return PortableValues.Decode(k, PortableEncoding.Json, Encoding.UTF8.GetBytes(formatted.Value)).Value;
    }

    /// <summary>Shows a MIME bundle; with a display id the first call shows it and later calls update it in place.</summary>
    private static void Show(KernelInvocationContext context, KernelCommand command, JsonObject bundle, string? displayId = null, HashSet<string>? shown = null)
    {
        var values = bundle.Select(p => new FormattedValue(p.Key, p.Value!.GetValue<string>())).ToArray();
        var plain = bundle["text/plain"]?.GetValue<string>();
        if (displayId is not null && shown is not null && !shown.Add(displayId))
            context.Publish(new DisplayedValueUpdated(plain, displayId, command, values));
        else
            context.Publish(new DisplayedValueProduced(plain, command, values, displayId));
    }
}
