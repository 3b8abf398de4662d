using PrivateEnv.Protocol.V1;
using PrivateEnv.Client;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Reliability.Tests;

/// <summary>No interleaving of many clients lets a session or an analyst spend past a cap.</summary>
public class ConcurrencyTests
{
    private const string Query = "Print(patients.Count(eps: 0.1) > -1000);";

    [Fact]
    public async Task SixtyFourClientsOnOneSessionAndOneAnalystNeverOverspend()
    {
        await using var server = await ServerProcess.StartAsync(["--session-epsilon", "1", "--lifetime-epsilon", "2.5", "--max-sessions", "16"]);
        var sessions = new List<PrivateEnvSession>();
        for (var i = 0; i < 4; i++) sessions.Add(await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]));
        try
        {
            var released = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, 64), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (client, _) =>
            {
                // Half the clients hammer one session, the rest spread over the analyst's others.
                var session = client % 2 == 0 ? sessions[0] : sessions[1 + client % 3];
                for (var k = 0; k < 3; k++)
                {
                    var result = await session.RunAsync(Query, CancellationToken.None);
                    if (result.Stdout == "true\n") Interlocked.Increment(ref released);
                    else Assert.True(result.Error?.Kind == ErrorKind.Budget, $"unexpected result: stdout '{result.Stdout}', error {result.Error}");
                }
            });
            var odometers = await Task.WhenAll(sessions.Select(s => s.GetOdometerAsync()));
            Assert.All(odometers, o => Assert.True(o.Session.EpsilonSpent <= 1 + 1e-9));
            var lifetime = odometers.Sum(o => o.Session.EpsilonSpent);
            Assert.Equal(2.5, lifetime, 9);
            Assert.Equal(25, released);
            Assert.Equal(25, odometers.Sum(o => o.Charges.Count));
        }
        finally
        {
            foreach (var s in sessions) await s.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task TwoServersSharingAPostgresLedgerShareTheLifetimeCap()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var ledger = postgres.ConnectionString();
        string[] args = ["--ledger", ledger, "--session-epsilon", "1", "--lifetime-epsilon", "1.5"];
        await using var first = await ServerProcess.StartAsync(args);
        await using var second = await ServerProcess.StartAsync(args, apiKey: first.ApiKey);
        await using var a = await PrivateEnvClient.ConnectAsync(first.Url, first.ApiKey, ["patients"]);
        await using var b = await PrivateEnvClient.ConnectAsync(second.Url, second.ApiKey, ["patients"]);
        var released = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 32), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (client, _) =>
        {
            var session = client % 2 == 0 ? a : b;
            for (var k = 0; k < 2; k++)
            {
                var result = await session.RunAsync(Query, CancellationToken.None);
                if (result.Stdout == "true\n") Interlocked.Increment(ref released);
                else Assert.True(result.Error?.Kind == ErrorKind.Budget, $"unexpected result: stdout '{result.Stdout}', error {result.Error}");
            }
        });
        var spentA = (await a.GetOdometerAsync()).Session.EpsilonSpent;
        var spentB = (await b.GetOdometerAsync()).Session.EpsilonSpent;
        Assert.Equal(1.5, spentA + spentB, 9);
        Assert.Equal(15, released);
        Assert.True(spentA <= 1 + 1e-9 && spentB <= 1 + 1e-9);
    }
}
