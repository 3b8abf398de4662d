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
