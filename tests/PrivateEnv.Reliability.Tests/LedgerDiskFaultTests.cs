using Grpc.Core;
using PrivateEnv.Client;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Reliability.Tests;

/// <summary>
/// The ledger's disk fills up under a running server, or the server starts on a read-only ledger:
/// charges and sessions are refused, nothing is released, nothing is recorded, the server stays up,
/// and everything resumes once the disk is writable again.
/// </summary>
public class LedgerDiskFaultTests
{
    private const string Statistic = """Print(patients["age"].Mean(eps: 0.1));""";

    [SkippableFact]
    public async Task AFullLedgerDiskReleasesNothingAndTheServerRecovers()
    {
        using var disk = SmallDisk.Mount(megabytes: 16);
        await using var server = await ServerProcess.StartAsync(["--session-epsilon", "10"], dataDir: disk.Path);
        await using var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
        await AssertReleasedAsync(session, spentAfter: 0.1);

        disk.Fill();
        await AssertRefusedAsync(session, spentBefore: 0.1);
        await AssertRefusedAsync(session, spentBefore: 0.1);
        Assert.NotEmpty(await PrivateEnvClient.ListDatasetsAsync(server.Url, server.ApiKey));   // the server answers
        disk.Unfill();
        await AssertReleasedAsync(session, spentAfter: 0.2);
        Assert.False(server.HasExited);
    }

    [SkippableFact]
    public async Task AServerOnAReadOnlyLedgerOpensNoSessionUntilItIsWritable()
    {
        using var disk = SmallDisk.Mount(megabytes: 16);
        const string key = "read-only-test-key";
        var port = ServerProcess.FreePort();
        await using (var first = await ServerProcess.StartAsync(dataDir: disk.Path, apiKey: key, port: port))
        await using (var session = await PrivateEnvClient.ConnectAsync(first.Url, key, ["patients"]))
            await AssertReleasedAsync(session, spentAfter: 0.1);

        // Immutable files (chattr +i) refuse writes from a fresh process, as a read-only disk does.
        disk.MakeReadOnly("ledger.db", "ledger.db-wal", "ledger.db-shm");
        try
        {
            await using var readOnly = await ServerProcess.StartAsync(dataDir: disk.Path, apiKey: key, port: port);
            var refused = await Assert.ThrowsAsync<RpcException>(() => PrivateEnvClient.ConnectAsync(readOnly.Url, key, ["patients"]));
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.Contains("ledger cannot record a new session", refused.Status.Detail);
            Assert.NotEmpty(await PrivateEnvClient.ListDatasetsAsync(readOnly.Url, key));
            Assert.False(readOnly.HasExited);
        }
        finally { disk.MakeWritable("ledger.db", "ledger.db-wal", "ledger.db-shm"); }

        await using var writable = await ServerProcess.StartAsync(dataDir: disk.Path, apiKey: key, port: port);
        await using var again = await PrivateEnvClient.ConnectAsync(writable.Url, key, ["patients"]);
        Assert.True((await again.RunAsync(Statistic)).Success);
        // The first session's spend survived everything: the lifetime total counts both.
        Assert.Equal(0.2, Assert.Single((await again.GetOdometerAsync()).Lifetime).EpsilonSpent, 9);
    }

    private static async Task AssertReleasedAsync(PrivateEnvSession session, double spentAfter)
    {
        var result = await session.RunAsync(Statistic);
        Assert.True(result.Success, result.Error?.Message);
        Assert.NotEmpty(result.Stdout);
        Assert.Equal(spentAfter, (await session.GetOdometerAsync()).Session.EpsilonSpent, 9);
    }

    private static async Task AssertRefusedAsync(PrivateEnvSession session, double spentBefore)
    {
        var result = await session.RunAsync(Statistic);
        Assert.False(result.Success);
        Assert.Equal("", result.Stdout);                    // no value left the worker
        Assert.Contains("ledger could not record", result.Error?.Message);
        Assert.Equal(spentBefore, (await session.GetOdometerAsync()).Session.EpsilonSpent, 9);
    }
}
