using Grpc.Core;
using Grpc.Net.Client;
using PrivateEnv.Client;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>Hostile or broken clients: the server stays up and other sessions are unaffected.</summary>
public class FaultTests(SharedServer fixture) : IClassFixture<SharedServer>
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

    [Fact]
    public async Task FuzzedCellsVanishedClientsAndBadRequestsLeaveOtherSessionsServing()
    {
        var server = fixture.Server;
        await using var bystander = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
        Assert.True((await bystander.RunAsync("var kept = 7;")).Success);

        await using (var attacker = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]))
        {
            var random = new Random(99);
            for (var i = 0; i < 12; i++)
            {
                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                var result = await attacker.RunAsync(System.Text.Encoding.UTF8.GetString(bytes));
                Assert.NotNull(result.Completed);
            }

            // A client that vanishes mid-cell: the server finishes or times out the cell on its own. The cell must outlast
            // the 300 ms cancellation on any machine: 200M iterations took under 300 ms on an idle one, and the test raced it.
            using var vanish = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await foreach (var _ in attacker.ExecuteAsync("var t = 0L; for (var i = 0L; i < 1_000_000_000_000; i++) t += i % 3;", cancellationToken: vanish.Token)) { }
            });
        }

        // Malformed requests: empty ids, nonsense import kinds.
        var raw = new Protocol.V1.PrivateEnv.PrivateEnvClient(GrpcChannel.ForAddress(server.Url));
        var empty = await Assert.ThrowsAsync<RpcException>(() => raw.CreateSessionAsync(new CreateSessionRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, empty.StatusCode);
        var badImport = await Assert.ThrowsAsync<RpcException>(() => bystander.PrivateImportAsync("x", new PortableValue((PortableKind)99, PortableEncoding.Json, [1, 2, 3])));
        Assert.Equal(StatusCode.InvalidArgument, badImport.StatusCode);
        var badName = await Assert.ThrowsAsync<RpcException>(() => bystander.PrivateImportAsync("not a name", 1.0));
        Assert.Equal(StatusCode.InvalidArgument, badName.StatusCode);

        // The bystander's session kept its state and budget.
        var after = await bystander.RunAsync("Print(kept);");
        Assert.Equal("7\n", after.Stdout);
        Assert.Equal(0, (await bystander.GetOdometerAsync()).Session.EpsilonSpent);
    }
}
