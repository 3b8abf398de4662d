using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>A real PrivateEnv server on a free loopback port with a fresh data dir (demo dataset `patients`).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "kernel-test-key-0001";
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly string dataDir;

    private ServerProcess(Process process, string url, string dataDir)
    {
        this.process = process;
        Url = url;
        this.dataDir = dataDir;
    }

    public string Url { get; }
    public string Log { get { lock (log) return log.ToString(); } }

    public static async Task<ServerProcess> StartAsync()
    {
        var port = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("privateenv-kernel-server-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { RepoLayout.ServerDll, "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir, "--api-key", ApiKey, "--cell-timeout", "30" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}", dataDir);
        var listening = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (server.log) server.log.AppendLine(e.Data);
            if (e.Data.StartsWith("PrivateEnv server listening", StringComparison.Ordinal)) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server.log) server.log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != listening.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The server did not start listening:\n{server.Log}");
        }
        return server;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        try { Directory.Delete(dataDir, recursive: true); }
        catch (IOException) { }
    }
}
