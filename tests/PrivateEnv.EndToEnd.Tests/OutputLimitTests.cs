using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>
/// A cell that floods its output stops at the cell's allowance, in the worker. On the long-cell server: sending 10,000
/// outputs to the client took longer than the shared server's 5 s cell limit beside a CPU hog (a CI run under load
/// failed with Timeout), and time is not what this test is about.
/// </summary>
public class OutputLimitTests(LongCellServer fixture) : IClassFixture<LongCellServer>
{
    [Fact]
    public async Task OutputPastTheCellLimitIsRefusedInTheWorkerAndTheSessionServesOn()
    {
        var server = fixture.Server;
        await using var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
        Assert.True((await session.RunAsync("var kept = 7;")).Success);
        // 70 MB in one Print (more than a gRPC message may carry), then many small ones: both stop at the cell's limit,
        // in the worker, before anything crosses to the server.
        foreach (var flood in (string[])["Print(new string('x', 70_000_000));", "for (var i = 0; i < 20_000; i++) Print(i);"])
        {
            var result = await session.RunAsync(flood);
            Assert.Equal(ErrorKind.Release, result.Error?.Kind);
            Assert.Contains("the most one cell may send", result.Error!.Message);
            Assert.True(result.Stdout.Length <= 32 * 1024 * 1024);
        }
        // Red team: the cell's value and its error message travelled outside the allowance (40 MB each reached the
        // client). Both are cut at 64 KiB now, with a note.
        var value = await session.RunAsync("new string('x', 40_000_000)");
        Assert.True(value.Success);
        Assert.InRange(value.Completed!.ValueText.Length, 64 * 1024, 64 * 1024 + 200);
        Assert.EndsWith("Print or Export long values instead)", value.Completed.ValueText);
        var thrown = await session.RunAsync("throw new System.Exception(new string('x', 40_000_000));");
        Assert.Equal(ErrorKind.Runtime, thrown.Error?.Kind);
        Assert.InRange(thrown.Error!.Message.Length, 64 * 1024, 64 * 1024 + 200);
        // Same worker, same variables: nothing was lost.
        var next = await session.RunAsync("Print(kept * 6);");
        Assert.Equal("42\n", next.Stdout);
        Assert.DoesNotContain(next.Events, e => e.KindCase == ExecuteEvent.KindOneofCase.Notice);
    }
}
