using PrivateEnv.Protocol.V1;
using System.Diagnostics;
using PrivateEnv.Client;
using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>--cell-cpu-seconds: a cell that burns processor time is stopped at that limit, well before its wall-clock limit.</summary>
public class CpuLimitTests
{
    [Fact]
    public async Task ACellOverItsCpuLimitIsStoppedAndTheNextCellGetsAFreshWorker()
    {
        await using var server = await ServerProcess.StartAsync(["--cell-timeout", "120", "--cell-cpu-seconds", "2"]);
        await using var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
        Assert.True((await session.RunAsync("var kept = 1;")).Success);

        var clock = Stopwatch.StartNew();
        var burn = await session.RunAsync("long t = 0; while (true) { t++; }");
        Assert.Equal(ErrorKind.Timeout, burn.Error?.Kind);
        Assert.Contains("processor time", burn.Error?.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"stopped after {clock.Elapsed.TotalSeconds:F1} s; the wall limit is 120 s");

        var next = await session.RunAsync("Print(patients.Count(eps: 0.1) > 0);");
        Assert.True(next.Success, next.Error?.Message);
        Assert.Equal("true\n", next.Stdout);
    }
}
