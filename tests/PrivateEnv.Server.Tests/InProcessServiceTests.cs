using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Server.Auth;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Workers;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Server.Tests;

/// <summary>
/// The server's composition (<see cref="ServerHost"/>) hosted in this process on ASP.NET Core's TestServer: the service,
/// authentication, status mapping, sessions, their supervisors and charge handlers, the ledger, and real worker processes,
/// driven through a gRPC channel without a socket or a spawned server.
/// </summary>
public sealed class InProcessServiceTests : IAsyncLifetime
{
    private const string AliceKey = "alice-key-0001";
    private const string BobKey = "bob-key-0002";
    private readonly string dataDir = Directory.CreateTempSubdirectory("privateenv-inprocess-").FullName;
    private WebApplication? app;
    private RelationalLedger? ledger;
    private GrpcChannel? channel;

    public async Task InitializeAsync()
    {
        var other = Path.Combine(dataDir, "other");
        Directory.CreateDirectory(other);
        await File.WriteAllTextAsync(Path.Combine(other, "other.csv"), "x\n1\n2\n3\n");
        await File.WriteAllTextAsync(Path.Combine(other, "other.metadata.json"), """{"columns":{"x":{"type":"numeric","lower":0,"upper":10}}}""");
        var options = ServerOptions.Parse(["--data-dir", dataDir, "--session-epsilon", "1", "--cell-timeout", "30", "--dataset", $"other={Path.Combine(other, "other.csv")}"]);
        var launcher = new WorkerLauncher(options, NullLogger<WorkerLauncher>.Instance, RepoPaths.WorkerDll);
        if (!launcher.ProbeSandbox(out _)) launcher.DisableSandbox();
        var catalog = await DatasetCatalog.BuildAsync(options, new WorkerDatasetValidator(launcher), CancellationToken.None);
        var keys = new ApiKeyStore();
        keys.Add(new Analyst("alice"), AliceKey);
        keys.Add(new Analyst("bob"), BobKey);
        ledger = RelationalLedger.Open(options.LedgerOrDefault);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        app = ServerHost.Build(builder, options, catalog, keys, ledger, launcher);
        await app.StartAsync();
        channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });
    }

    private Protocol.V1.PrivateEnv.PrivateEnvClient Client => new(channel!);

    private static Metadata As(string key) => new() { { "authorization", "Bearer " + key } };

    private async Task<List<ExecuteEvent>> RunAsync(string sessionId, string code, string key = AliceKey)
    {
        using var call = Client.Execute(new ExecuteRequest { SessionId = sessionId, Code = code }, As(key));
        var events = new List<ExecuteEvent>();
        await foreach (var e in call.ResponseStream.ReadAllAsync()) events.Add(e);
        return events;
    }

    [Fact]
    public async Task A_session_runs_a_charged_cell_refuses_an_over_budget_one_and_answers_only_its_analyst()
    {
        var created = await Client.CreateSessionAsync(new CreateSessionRequest { Datasets = { "patients" } }, As(AliceKey));
        Assert.Equal(1.0, created.Budget.EpsilonTotal);

        var mean = await RunAsync(created.SessionId, """Print(patients["age"].Mean(eps: 0.25) > 0);""");
        Assert.Equal("true\n", string.Concat(mean.Where(e => e.KindCase == ExecuteEvent.KindOneofCase.Stdout).Select(e => e.Stdout.Text)));
        Assert.True(mean.Single(e => e.KindCase == ExecuteEvent.KindOneofCase.Completed).Completed.Success);
        Assert.Equal(0.25, mean.Single(e => e.KindCase == ExecuteEvent.KindOneofCase.Budget).Budget.EpsilonSpent, 9);

        var refused = (await RunAsync(created.SessionId, """Print(patients["age"].Mean(eps: 0.9));""")).Single(e => e.KindCase == ExecuteEvent.KindOneofCase.Error).Error;
        Assert.Equal(ErrorKind.Budget, refused.Kind);
        Assert.Equal((BudgetScope.Session, 0.9, 0.75, 1.0), (refused.Refusal.Scope, refused.Refusal.EpsilonNeeded, Math.Round(refused.Refusal.EpsilonLeft, 9), refused.Refusal.EpsilonTotal));
        Assert.Equal(refused.Message, new PrivateEnv.Privacy.BudgetRefusal(PrivateEnv.Privacy.BudgetScope.Session, null,
            refused.Refusal.EpsilonNeeded, refused.Refusal.EpsilonLeft, refused.Refusal.EpsilonTotal, refused.Refusal.DeltaNeeded, refused.Refusal.DeltaLeft, refused.Refusal.DeltaTotal).Message);

        var odometer = await Client.GetOdometerAsync(new GetOdometerRequest { SessionId = created.SessionId }, As(AliceKey));
        Assert.Single(odometer.Charges);
        Assert.Equal(0.25, (await ledger!.GetBudgetAsync(created.SessionId)).EpsilonSpent, 9);

        var other = await Assert.ThrowsAsync<RpcException>(() => Client.GetOdometerAsync(new GetOdometerRequest { SessionId = created.SessionId }, As(BobKey)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
        var nobody = await Assert.ThrowsAsync<RpcException>(() => Client.CloseSessionAsync(new CloseSessionRequest { SessionId = created.SessionId }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, nobody.StatusCode);

        var closed = await Client.CloseSessionAsync(new CloseSessionRequest { SessionId = created.SessionId }, As(AliceKey));
        Assert.Equal(0.25, closed.Budget.EpsilonSpent, 9);
    }

    [Fact]
    public async Task An_interrupted_cell_ends_as_interrupted_and_the_next_cell_gets_a_fresh_worker()
    {
        var created = await Client.CreateSessionAsync(new CreateSessionRequest { Datasets = { "patients" } }, As(AliceKey));
        using var call = Client.Execute(new ExecuteRequest { SessionId = created.SessionId, Code = "var t = 0L; while (true) t++;" }, As(AliceKey));
        var events = call.ResponseStream.ReadAllAsync().GetAsyncEnumerator();
        InterruptResponse interrupted;
        do
        {
            await Task.Delay(200);
            interrupted = await Client.InterruptAsync(new InterruptRequest { SessionId = created.SessionId }, As(AliceKey));
        }
        while (!interrupted.Interrupted);
        var kinds = new List<ExecuteEvent>();
        while (await events.MoveNextAsync()) kinds.Add(events.Current);
        Assert.Equal(ErrorKind.Interrupted, kinds.Single(e => e.KindCase == ExecuteEvent.KindOneofCase.Error).Error.Kind);

        var next = await RunAsync(created.SessionId, "Print(2 * 21);");
        Assert.Contains(next, e => e.KindCase == ExecuteEvent.KindOneofCase.Notice);
        Assert.Equal("42\n", string.Concat(next.Where(e => e.KindCase == ExecuteEvent.KindOneofCase.Stdout).Select(e => e.Stdout.Text)));
    }

    [Fact]
    public async Task When_an_event_cannot_be_sent_the_worker_is_stopped_and_the_next_cell_gets_a_fresh_one()
    {
        var created = await Client.CreateSessionAsync(new CreateSessionRequest { Datasets = { "patients" } }, As(AliceKey));
        var session = app!.Services.GetRequiredService<Sessions.SessionManager>().Find(created.SessionId)!;
        using (await session.TakeTurnAsync(CancellationToken.None))
        {
            await Assert.ThrowsAsync<IOException>(() => session.Worker.RunCellAsync("gone", "Print(1); while (true) Print(2);",
                _ => throw new IOException("the client is gone"), CancellationToken.None));
        }
        Assert.False(session.Interrupt());
        var next = await RunAsync(created.SessionId, "Print(3);");
        Assert.Contains(next, e => e.KindCase == ExecuteEvent.KindOneofCase.Notice);
        Assert.Equal("3\n", string.Concat(next.Where(e => e.KindCase == ExecuteEvent.KindOneofCase.Stdout).Select(e => e.Stdout.Text)));
    }

    [Fact]
    public async Task Sessions_take_ready_workers_one_each_and_a_closed_sessions_worker_ends()
    {
        var pool = app!.Services.GetRequiredService<WorkerPool>();
        var sessions = app.Services.GetRequiredService<Sessions.SessionManager>();
        for (var waited = 0; pool.ReadyCount < 2 && waited < 240; waited++) await Task.Delay(500);
        Assert.Equal(2, pool.ReadyCount);

        var first = await Client.CreateSessionAsync(new CreateSessionRequest { Datasets = { "patients" } }, As(AliceKey));
        var second = await Client.CreateSessionAsync(new CreateSessionRequest { Datasets = { "patients" } }, As(BobKey));
        Assert.Equal(2, pool.Served);
        var firstPid = sessions.Find(first.SessionId)!.Worker.ProcessId!.Value;
        var secondPid = sessions.Find(second.SessionId)!.Worker.ProcessId!.Value;
        Assert.NotEqual(firstPid, secondPid);

        // A ready worker runs the session's cells and charges its ledger entry, not another's.
        var mean = await RunAsync(first.SessionId, """Print(patients["age"].Mean(eps: 0.5) > 0);""");
        Assert.Equal(0.5, mean.Single(e => e.KindCase == ExecuteEvent.KindOneofCase.Budget).Budget.EpsilonSpent, 9);
        Assert.Equal(0, (await ledger!.GetBudgetAsync(second.SessionId)).EpsilonSpent);

        await Client.CloseSessionAsync(new CloseSessionRequest { SessionId = first.SessionId }, As(AliceKey));
        for (var waited = 0; File.Exists($"/proc/{firstPid}/stat") && waited < 40; waited++) await Task.Delay(250);
        Assert.False(File.Exists($"/proc/{firstPid}/stat") && !File.ReadAllText($"/proc/{firstPid}/stat").Contains(") Z ", StringComparison.Ordinal));
        Assert.NotEqual(firstPid, sessions.Find(second.SessionId)!.Worker.ProcessId);
    }

    [Fact]
    public async Task The_odometer_comes_in_pages_whose_tokens_count_only_this_sessions_charges()
    {
        var created = await Client.CreateSessionAsync(new CreateSessionRequest { Datasets = { "patients" } }, As(AliceKey));
        var charged = await RunAsync(created.SessionId, "for (var i = 0; i < 450; i++) patients.Count(eps: 0.001);");
        Assert.True(charged.Single(e => e.KindCase == ExecuteEvent.KindOneofCase.Completed).Completed.Success);

        var pages = new List<int>();
        var tokens = new List<string>();
        var token = "";
        do
        {
            var page = await Client.GetOdometerAsync(new GetOdometerRequest { SessionId = created.SessionId, PageSize = 200, PageToken = token }, As(AliceKey));
            pages.Add(page.Charges.Count);
            token = page.NextPageToken;
            tokens.Add(token);
        }
        while (token.Length > 0);
        Assert.Equal([200, 200, 50], pages);
        Assert.Equal(["200", "400", ""], tokens);
        var whole = await Client.GetOdometerAsync(new GetOdometerRequest { SessionId = created.SessionId, PageSize = 100_000 }, As(AliceKey));
        Assert.Equal((450, ""), (whole.Charges.Count, whole.NextPageToken)); // a page is at most 500 charges: these fit in one

        var forged = await Assert.ThrowsAsync<RpcException>(() => Client.GetOdometerAsync(new GetOdometerRequest { SessionId = created.SessionId, PageToken = "-1" }, As(AliceKey)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, forged.StatusCode);
    }

    [Fact]
    public async Task A_session_on_other_datasets_never_gets_a_worker_made_for_the_ready_set()
    {
        var pool = app!.Services.GetRequiredService<WorkerPool>();
        for (var waited = 0; pool.ReadyCount < 2 && waited < 240; waited++) await Task.Delay(500);
        Assert.Equal(2, pool.ReadyCount); // ready for the first dataset, patients

        var onOther = await Client.CreateSessionAsync(new CreateSessionRequest { Datasets = { "other" } }, As(AliceKey));
        Assert.Equal(0, pool.Served);
        var names = await RunAsync(onOther.SessionId, "Print(other.Columns.Count);");
        Assert.Equal("1\n", string.Concat(names.Where(e => e.KindCase == ExecuteEvent.KindOneofCase.Stdout).Select(e => e.Stdout.Text)));
        var noPatients = (await RunAsync(onOther.SessionId, "Print(patients.Columns.Count);")).Single(e => e.KindCase == ExecuteEvent.KindOneofCase.Error).Error;
        Assert.Equal(ErrorKind.Compile, noPatients.Kind);
    }

    public async Task DisposeAsync()
    {
        channel?.Dispose();
        if (app is not null)
        {
            await app.Services.GetRequiredService<Sessions.SessionManager>().DisposeAsync();
            await app.StopAsync();
            await app.DisposeAsync();
        }
        ledger?.Dispose();
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }
}
