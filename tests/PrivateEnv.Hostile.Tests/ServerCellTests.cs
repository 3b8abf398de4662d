using System.Text;
using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Hostile.Tests;

/// <summary>The hostile cells about processes (hangs, crashes, memory, timeouts, sessions, concurrency), on the real server.</summary>
[Collection(ServerCollection.Name)]
public class ServerCellTests(ServerFixture server)
{
    public static TheoryData<string> Cells()
    {
        var data = new TheoryData<string>();
        foreach (var name in HostileCell.AllNames())
            if (HostileCell.Load(name).OnServer) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task CellDoesWhatItsHeaderSaysAndLeaksNothing(string name)
    {
        var cell = HostileCell.Load(name);
        var session = await server.ConnectAsync();
        try
        {
            foreach (var step in cell.Steps)
            {
                if (step.NewSession)
                {
                    await session.DisposeAsync();
                    session = await server.ConnectAsync();
                }
                if (cell.Concurrent > 1)
                {
                    var results = await Task.WhenAll(Enumerable.Range(0, cell.Concurrent).Select(_ => session.RunAsync(step.Code)));
                    foreach (var result in results) CanaryDataset.AssertAbsent(ToStep(result).Everything, name);
                    Assert.Contains(results, r => r.Success);
                }
                else ToStep(await session.RunAsync(step.Code)).AssertMatches(step, name);
                var odometer = await session.GetOdometerAsync();
                CanaryDataset.AssertAbsent(odometer.ToString(), name + " (odometer)");
                if (cell.BudgetHolds)
                    Assert.True(odometer.Session.EpsilonSpent <= odometer.Session.EpsilonTotal + 1e-9,
                        $"{name}: the session spent ε={odometer.Session.EpsilonSpent} of {odometer.Session.EpsilonTotal}");
            }
        }
        finally { await session.DisposeAsync(); }
        CanaryDataset.AssertAbsent(server.Log, name + " (server log)");
    }

    [Fact]
    public async Task AfterAWorkerCrashTheSpentBudgetStaysSpentAndTheNextCellRuns()
    {
        await using var session = await server.ConnectAsync();
        var spend = await session.RunAsync("Print(canary[\"age\"].Mean(eps: 1.0));");
        Assert.True(spend.Success, spend.Error?.Message);
        var before = (await session.GetOdometerAsync()).Session.EpsilonSpent;
        var crash = await session.RunAsync("int Down(int n) => Down(n + 1) + 1;\nDown(0);");
        Assert.Equal(ErrorKind.WorkerLost, crash.Error?.Kind);
        var after = await session.RunAsync("Print(40 + 2);");
        Assert.True(after.Success, after.Error?.Message);
        Assert.Contains("42", after.Stdout);
        Assert.Contains(after.Events, e => e.KindCase == ExecuteEvent.KindOneofCase.Notice);
        Assert.Equal(before, (await session.GetOdometerAsync()).Session.EpsilonSpent, 9);

        // The operator's log says how the worker ended (exit status, the runtime's report cut short) and holds no private value.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Log.Contains("ended on its own", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(100);
        var report = server.Log.Split('\n').FirstOrDefault(l => l.Contains("ended on its own", StringComparison.Ordinal));
        Assert.True(report is not null, "no lost-worker report in the server log:\n" + server.Log);
        Assert.Contains("exit code", report);
        Assert.True(report.Length < 6000, $"the lost-worker report is {report.Length} characters long");
        CanaryDataset.AssertAbsent(server.Log, "server log after a worker crash");
    }

    [Fact]
    public void TheServerReportsWhetherWorkersAreSandboxed()
    {
        Assert.True(server.Log.Contains("sandboxed with bubblewrap", StringComparison.Ordinal) || server.Log.Contains("NOT sandboxed", StringComparison.Ordinal), server.Log);
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.True(server.Sandboxed, "CI installs bubblewrap, so workers must be sandboxed there:\n" + server.Log);
    }

    private static StepResult ToStep(CellResult result)
    {
        var everything = new StringBuilder();
        foreach (var e in result.Events)
        {
            everything.Append(e).Append('\n');
            // Payloads travel as bytes (base64 in the JSON form): decode them so the canary check sees the text.
            if (e.KindCase == ExecuteEvent.KindOneofCase.Export) everything.Append(e.Export.Payload.ToStringUtf8()).Append('\n');
            if (e.KindCase == ExecuteEvent.KindOneofCase.Display)
                foreach (var binary in e.Display.Binary.Values) everything.Append(binary.ToStringUtf8()).Append('\n');
        }
        var kind = result.Error?.Kind.Name() ?? (result.Completed?.Success == true ? "" : "incomplete");
        return new StepResult(kind, result.Error?.Message ?? "", result.Stdout, everything.ToString());
    }
}
