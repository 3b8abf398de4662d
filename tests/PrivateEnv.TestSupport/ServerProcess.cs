using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PrivateEnv.TestSupport;

/// <summary>
/// The real server, started as a process on a free loopback port with its own data directory;
/// killed on dispose. Tests talk to it over gRPC like any client. The one way every test project and
/// benchmark starts a server.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly bool ownsDataDir;

    private ServerProcess(Process process, string url, string apiKey, string dataDir, bool ownsDataDir)
    {
        this.process = process;
        Url = url;
        ApiKey = apiKey;
        DataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    public string Url { get; }
    public string ApiKey { get; }
    public string DataDir { get; }
    public int ProcessId => process.Id;
    public bool HasExited => process.HasExited;

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    /// <summary>
    /// Starts a server; extra arguments are appended (datasets, budgets, timeouts). No ready workers unless the
    /// arguments ask for them (--warm-workers N). <paramref name="environment"/> overrides
    /// variables of the server's environment (e.g. a PATH without bubblewrap).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string>? extraArgs = null, string? dataDir = null, string apiKey = "test-key-0123456789",
        int? port = null, string? urls = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("privateenv-test-").FullName;
        var url = urls ?? $"http://127.0.0.1:{port ?? FreePort()}";
        var extra = extraArgs?.ToList() ?? [];
        // Ready workers cost each server start two worker starts of processor time; tests that want them ask.
        if (!extra.Contains("--warm-workers")) extra.AddRange(["--warm-workers", "0"]);
        var start = StartInfo(environment, [RepoPaths.ServerDll, "--urls", url, "--data-dir", dataDir, "--api-key", apiKey, .. extra]);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var server = new ServerProcess(process, url, apiKey, dataDir, ownsDataDir);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (server.log) server.log.AppendLine(e.Data);
            server.Mirror(e.Data);
            // "Workers: …" is the last line of the start banner (after "listening on"): waiting for it means the banner a
            // test may read (the sandbox state, the datasets) is all in the log when StartAsync returns.
            if (e.Data.StartsWith("Workers: ", StringComparison.Ordinal)) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (server.log) server.log.AppendLine(e.Data);
            server.Mirror(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != listening.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The server did not start:\n" + server.Log);
        }
        return server;
    }

    /// <summary>With $PRIVATEENV_TEST_LOGS set to a directory, every server's output is kept there for post-mortems.</summary>
    private void Mirror(string line)
    {
        var directory = Environment.GetEnvironmentVariable("PRIVATEENV_TEST_LOGS");
        if (string.IsNullOrEmpty(directory)) return;
        Directory.CreateDirectory(directory);
        lock (log) File.AppendAllText(Path.Combine(directory, $"server-{new Uri(Url).Port}.log"), line + "\n");
    }

    /// <summary>Runs the server's command line to completion (for start-up error tests).</summary>
    public static Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args) => RunToExitAsync(null, args);

    /// <summary>Runs the server's command line to completion with environment overrides.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = StartInfo(environment, [RepoPaths.ServerDll, .. args]);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The dotnet host running the tests (so a PATH override cannot hide it), with redirected output.</summary>
    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string>? environment, IEnumerable<string> args)
    {
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return start;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        if (ownsDataDir)
        {
            try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return ValueTask.CompletedTask;
    }
}
