using Grpc.Core;
using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;
using Microsoft.Data.Sqlite;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Reliability.Tests;

/// <summary>Every result a client received has a durable charge, even when the server is SIGKILLed.</summary>
public class CrashRecoveryTests
{
    [Fact]
    public async Task KillingTheServerMidRunLosesNoChargeOfAnyReleasedResult()
    {
        var dataDir = Directory.CreateTempSubdirectory("privateenv-crash-").FullName;
        try
        {
            var received = new System.Collections.Concurrent.ConcurrentBag<(string Session, string Cell)>();
            var server = await ServerProcess.StartAsync(["--session-epsilon", "100", "--lifetime-epsilon", "1000"], dataDir: dataDir);
            var sessions = new List<PrivateEnvSession>();
            for (var i = 0; i < 4; i++)
            {
                var s = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
                sessions.Add(s);
            }
            using var stop = new CancellationTokenSource();
            var clients = sessions.Select((session, index) => Task.Run(async () =>
            {
                for (var k = 0; !stop.IsCancellationRequested; k++)
                {
                    var cell = $"s{index}-c{k}";
                    try
                    {
                        await foreach (var e in session.ExecuteAsync("Print(patients.Count(eps: 0.01));", cell))
                            if (e.KindCase == ExecuteEvent.KindOneofCase.Stdout) received.Add((session.Id, cell));
                    }
                    catch (RpcException) { return; }
                    catch (HttpRequestException) { return; }
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(4));
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(clients);
            Assert.NotEmpty(received);

            // Restarted on the same data directory: every released result has its charge.
            await using var restarted = await ServerProcess.StartAsync(["--session-epsilon", "100", "--lifetime-epsilon", "1000"], dataDir: dataDir, apiKey: server.ApiKey, port: new Uri(server.Url).Port);
            var charged = ChargedCells(Path.Combine(dataDir, "ledger.db"));
            foreach (var (session, cell) in received)
                Assert.Contains((session, cell), charged);

            // Old sessions are gone with a clear message; a new session sees the lifetime spend kept. The old session's
            // channel saw the server go: until its next reconnect attempt (the client's backoff, at most 5 s) its calls
            // fail at once with Unavailable, without reaching the server (beside a CPU hog one such call failed the test).
            RpcException old;
            var reconnecting = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                old = await Assert.ThrowsAsync<RpcException>(() => sessions[0].RunAsync("1"));
                if (old.StatusCode != StatusCode.Unavailable || reconnecting.Elapsed > TimeSpan.FromSeconds(30)) break;
                await Task.Delay(250);
            }
            Assert.True(old.StatusCode == StatusCode.NotFound, old.Status.ToString());
            Assert.Contains("server restarted", old.Status.Detail);
            await using var fresh = await PrivateEnvClient.ConnectAsync(restarted.Url, restarted.ApiKey, ["patients"]);
            var lifetime = Assert.Single((await fresh.GetOdometerAsync()).Lifetime);
            Assert.True(lifetime.EpsilonSpent >= received.Count * 0.01 - 1e-9);
            foreach (var s in sessions) await s.DisposeAsync();
            await server.DisposeAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>(session, cell) of every charge, read straight from the ledger file.</summary>
    private static HashSet<(string, string)> ChargedCells(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT session_id, cell_id FROM charges";
        using var reader = command.ExecuteReader();
        var set = new HashSet<(string, string)>();
        while (reader.Read()) set.Add((reader.GetString(0), reader.GetString(1)));
        return set;
    }
}
