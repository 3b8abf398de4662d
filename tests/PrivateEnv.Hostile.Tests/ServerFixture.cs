using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PrivateEnv.Client;

namespace PrivateEnv.Hostile.Tests;

/// <summary>
/// One real PrivateEnv server for the whole suite (started once: workers, bubblewrap when
/// present, the ledger, the cell timeout), serving the canary dataset with ε = 3 per session.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ApiKey = "hostile-suite-key-0001";
    public const double CellTimeoutSeconds = 5;
    private readonly StringBuilder log = new();
    private Process? server;
    private string? dataDir;

    public string Url { get; private set; } = "";

    /// <summary>Everything the server printed (the canary must not be in it either: it is what an operator sees).</summary>
    public string Log { get { lock (log) return log.ToString(); } }

    public async Task InitializeAsync()
    {
        var dll = ServerDll();
        dataDir = Directory.CreateTempSubdirectory("privateenv-hostile-").FullName;
        var csv = Path.Combine(dataDir, "canary.csv");
        var meta = Path.Combine(dataDir, "canary.meta.json");
        await File.WriteAllTextAsync(csv, CanaryDataset.Csv());
        await File.WriteAllTextAsync(meta, CanaryDataset.MetadataJson);
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[dll, "--urls", Url, "--data-dir", dataDir, "--api-key", ApiKey, "--no-demo",
                     "--dataset", $"{CanaryDataset.Name}={csv}:{meta}", "--cell-timeout", CellTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--worker-memory-mb", "256", "--session-epsilon", "3"])
            start.ArgumentList.Add(arg);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        server.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        server.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var exited = server.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task) throw new InvalidOperationException($"The server did not start. Its output:\n{Log}");
    }

    private void OnLine(string? line, TaskCompletionSource listening)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
        if (line.Contains("listening on", StringComparison.Ordinal)) listening.TrySetResult();
    }

    public Task<PrivateEnvSession> ConnectAsync() => PrivateEnvClient.ConnectAsync(Url, ApiKey, [CanaryDataset.Name]);

    public bool Sandboxed => Log.Contains("sandboxed with bubblewrap", StringComparison.Ordinal);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await server.WaitForExitAsync();
            server.Dispose();
        }
        if (dataDir is not null) try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The server built beside this suite: same configuration (bin/CONFIG/net10.0).</summary>
    public static string ServerDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = bin.Parent!.Name;
        var root = bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "server", "PrivateEnv.Server", "bin", configuration, bin.Name, "PrivateEnv.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The server is not built at {dll}; build tests/PrivateEnv.Hostile.Tests (it builds the server first).");
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "real server";
}
