using PrivateEnv.Client;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Hostile.Tests;

/// <summary>
/// One real PrivateEnv server for the whole suite (started once: workers, bubblewrap when
/// present, the ledger, the cell timeout), serving the canary dataset with ε = 3 per session.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ApiKey = "hostile-suite-key-0001";
    public const double CellTimeoutSeconds = 5;
    private ServerProcess? server;
    private string? dataDir;

    public string Url => server?.Url ?? "";

    /// <summary>Everything the server printed (the canary must not be in it either: it is what an operator sees).</summary>
    public string Log => server?.Log ?? "";

    public async Task InitializeAsync()
    {
        dataDir = Directory.CreateTempSubdirectory("privateenv-hostile-").FullName;
        var csv = Path.Combine(dataDir, "canary.csv");
        var meta = Path.Combine(dataDir, "canary.meta.json");
        await File.WriteAllTextAsync(csv, CanaryDataset.Csv());
        await File.WriteAllTextAsync(meta, CanaryDataset.MetadataJson);
        server = await ServerProcess.StartAsync(
            ["--no-demo", "--dataset", $"{CanaryDataset.Name}={csv}:{meta}",
             "--cell-timeout", CellTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--worker-memory-mb", "256", "--session-epsilon", "3", "--warm-workers", "1"],
            dataDir: dataDir, apiKey: ApiKey);
    }

    public Task<PrivateEnvSession> ConnectAsync() => PrivateEnvClient.ConnectAsync(Url, ApiKey, [CanaryDataset.Name]);

    public bool Sandboxed => Log.Contains("sandboxed with bubblewrap", StringComparison.Ordinal);

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        if (dataDir is not null) try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "real server";
}
