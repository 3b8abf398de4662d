using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client;

/// <summary>
/// An open session: run cells, import public values, read exports and the odometer.
/// Exports from every cell collect in <see cref="Exports"/>.
/// </summary>
public sealed class PrivateEnvSession : IAsyncDisposable
{
    private readonly GrpcChannel channel;
    private readonly Protocol.V1.PrivateEnv.PrivateEnvClient client;
    private bool closed;

    internal PrivateEnvSession(GrpcChannel channel, Protocol.V1.PrivateEnv.PrivateEnvClient client, CreateSessionResponse created)
    {
        this.channel = channel;
        this.client = client;
        Id = created.SessionId;
        Datasets = created.Datasets;
        Budget = created.Budget;
    }

    public string Id { get; }
    public IReadOnlyList<DatasetInfo> Datasets { get; }

    /// <summary>The latest budget the server reported.</summary>
    public Budget Budget { get; private set; }

    public ExportStore Exports { get; } = new();

    /// <summary>Runs a cell; events stream as the server sends them.</summary>
    public async IAsyncEnumerable<ExecuteEvent> ExecuteAsync(string code, string? cellId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = client.Execute(new ExecuteRequest { SessionId = Id, Code = code, CellId = cellId ?? "" }, cancellationToken: cancellationToken);
        await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (e.KindCase == ExecuteEvent.KindOneofCase.Export) Exports.Add(e.Export);
            if (e.KindCase == ExecuteEvent.KindOneofCase.Budget) Budget = e.Budget;
            yield return e;
        }
    }

    /// <summary>
    /// Runs a cell that a notebook's interrupt may stop. When <paramref name="interrupt"/> fires, the server is asked to stop
    /// the cell (<see cref="InterruptAsync"/>; it restarts the session's worker) and the cell's last events still stream; if
    /// the server has not ended the cell within <paramref name="grace"/>, the stream ends with an
    /// <see cref="OperationCanceledException"/> (or a cancelled <see cref="RpcException"/>).
    /// </summary>
    public async IAsyncEnumerable<ExecuteEvent> ExecuteInterruptibleAsync(string code, string? cellId, TimeSpan grace, [EnumeratorCancellation] CancellationToken interrupt)
    {
        using var abandon = new CancellationTokenSource();
        using var onInterrupt = interrupt.Register(() =>
        {
            _ = InterruptAsync(CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            abandon.CancelAfter(grace);
        });
        await foreach (var e in ExecuteAsync(code, cellId, abandon.Token)) yield return e;
    }

    /// <summary>Runs a cell and collects everything it produced.</summary>
    public async Task<CellResult> RunAsync(string code, CancellationToken cancellationToken = default)
    {
        var stdout = new StringBuilder();
        var events = new List<ExecuteEvent>();
        CellError? error = null;
        Completed? completed = null;
        await foreach (var e in ExecuteAsync(code, cancellationToken: cancellationToken))
        {
            events.Add(e);
            switch (e.KindCase)
            {
                case ExecuteEvent.KindOneofCase.Stdout: stdout.Append(e.Stdout.Text); break;
                case ExecuteEvent.KindOneofCase.Error: error ??= e.Error; break;
                case ExecuteEvent.KindOneofCase.Completed: completed = e.Completed; break;
            }
        }
        return new CellResult(stdout.ToString(), error, completed, events);
    }

    /// <summary>
    /// Sends a public value into the session as a variable named <paramref name="name"/>: a number, string, bool, date,
    /// an array of them, double[][], a <see cref="PortableTable"/> or a <see cref="PortableModel"/> (<see cref="ImportEncoder"/>).
    /// Returns the C# type of the new variable.
    /// </summary>
    public Task<string> PrivateImportAsync(string name, object value, CancellationToken cancellationToken = default) =>
        PrivateImportAsync(name, ImportEncoder.Encode(value), cancellationToken);

    /// <summary>Sends an already encoded value (e.g. a model's safetensors blob as kind <see cref="PortableKind.Model"/>).</summary>
    public async Task<string> PrivateImportAsync(string name, PortableValue value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var response = await client.PrivateImportAsync(new PrivateImportRequest
        {
            SessionId = Id,
            Name = name,
            Kind = value.Kind.ToWire(),
            Encoding = value.Encoding.ToWire(),
            Payload = ByteString.CopyFrom(value.Payload),
        }, cancellationToken: cancellationToken);
        return response.Type;
    }

    public async Task<Odometer> GetOdometerAsync(CancellationToken cancellationToken = default)
    {
        // The server sends charges in pages; this gathers them all.
        var odometer = await client.GetOdometerAsync(new GetOdometerRequest { SessionId = Id }, cancellationToken: cancellationToken);
        for (var token = odometer.NextPageToken; token.Length > 0;)
        {
            var next = await client.GetOdometerAsync(new GetOdometerRequest { SessionId = Id, PageToken = token }, cancellationToken: cancellationToken);
            odometer.Charges.AddRange(next.Charges);
            token = next.NextPageToken;
        }
        odometer.NextPageToken = "";
        Budget = odometer.Session;
        return odometer;
    }

    /// <summary>Stops the running cell (the server restarts the session's worker).</summary>
    public async Task<bool> InterruptAsync(CancellationToken cancellationToken = default) =>
        (await client.InterruptAsync(new InterruptRequest { SessionId = Id }, cancellationToken: cancellationToken)).Interrupted;

    public async Task<Budget> CloseAsync(CancellationToken cancellationToken = default)
    {
        if (closed) return Budget;
        closed = true;
        var response = await client.CloseSessionAsync(new CloseSessionRequest { SessionId = Id }, cancellationToken: cancellationToken);
        Budget = response.Budget;
        return Budget;
    }

    public async ValueTask DisposeAsync()
    {
        try { await CloseAsync(); }
        catch (RpcException) { }
        channel.Dispose();
    }
}

/// <summary>What one cell produced.</summary>
public sealed record CellResult(string Stdout, CellError? Error, Completed? Completed, IReadOnlyList<ExecuteEvent> Events)
{
    public bool Success => Error is null && Completed?.Success == true;
}
