using System.Diagnostics;
using System.Net.Sockets;

namespace PrivateEnv.Server.Workers;

/// <summary>
/// Starts worker processes: `dotnet PrivateEnv.Worker.dll`, under bubblewrap when it is present
/// (no network, read-only system, private /tmp, own PID namespace, dies with the server),
/// with a managed-heap hard limit.
/// </summary>
public sealed class WorkerLauncher
{
    private readonly ILogger<WorkerLauncher> logger;
    private readonly ServerOptions options;

    public WorkerLauncher(ServerOptions options, ILogger<WorkerLauncher> logger)
    {
        this.options = options;
        this.logger = logger;
        WorkerDll = Path.Combine(AppContext.BaseDirectory, "worker", "PrivateEnv.Worker.dll");
        Bubblewrap = options.NoSandbox ? null : FindOnPath("bwrap");
    }

    public string WorkerDll { get; }
    public string? Bubblewrap { get; private set; }

    /// <summary>Runs workers without bubblewrap (when it cannot work here and the operator allows that).</summary>
    public void DisableSandbox() => Bubblewrap = null;
    public bool Sandboxed => Bubblewrap is not null;

    public async Task<WorkerProcess> StartAsync(string sessionId, IEnumerable<string> readablePaths, CancellationToken cancellationToken)
    {
        if (!File.Exists(WorkerDll)) throw new FileNotFoundException($"The worker is missing at {WorkerDll}; rebuild the server.");
        var directory = Directory.CreateTempSubdirectory("privateenv-worker-");
        var socketPath = Path.Combine(directory.FullName, "channel.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);

        var dotnet = DotnetHost();
        var start = new ProcessStartInfo
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Bubblewrap is not null)
        {
            start.FileName = Bubblewrap;
            foreach (var arg in SandboxArguments(directory.FullName, dotnet, readablePaths)) start.ArgumentList.Add(arg);
            start.ArgumentList.Add("--");
        }
        else start.FileName = dotnet;
        if (Bubblewrap is not null) start.ArgumentList.Add(dotnet);
        start.ArgumentList.Add(WorkerDll);
        start.ArgumentList.Add("--socket");
        start.ArgumentList.Add(socketPath);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)options.WorkerMemoryMb * 1024 * 1024).ToString("X");
        start.Environment["DOTNET_TieredCompilation"] = "1";
        start.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker process.");
        process.StandardInput.Close();
        var sessionTag = sessionId[..Math.Min(8, sessionId.Length)];
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.LogDebug("worker {Session} stderr: {Line}", sessionTag, e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.LogDebug("worker {Session} stdout: {Line}", sessionTag, e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var accept = listener.AcceptAsync(timeout.Token).AsTask();
            var exited = process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(accept, exited) != accept)
                throw new InvalidOperationException($"The worker exited before connecting (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            var socket = await accept;
            return new WorkerProcess(process, socket, directory, logger);
        }
        catch
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            directory.Delete(recursive: true);
            throw;
        }
        finally
        {
            listener.Dispose();
        }
    }

    private static IEnumerable<string> SandboxArguments(string channelDir, string dotnet, IEnumerable<string> readablePaths)
    {
        var args = new List<string>
        {
            "--unshare-all", "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr",
            "--ro-bind-try", "/lib", "/lib",
            "--ro-bind-try", "/lib64", "/lib64",
            "--ro-bind-try", "/bin", "/bin",
            "--ro-bind-try", "/etc/ssl", "/etc/ssl",
            "--proc", "/proc",
            "--dev", "/dev",
            "--tmpfs", "/tmp",
            "--bind", channelDir, channelDir,
        };
        var roots = new HashSet<string>(StringComparer.Ordinal)
        {
            Path.GetDirectoryName(dotnet)!,
            Path.GetDirectoryName(Path.Combine(AppContext.BaseDirectory, "worker", "x"))!,
        };
        foreach (var path in readablePaths) roots.Add(path);
        foreach (var root in roots.Where(r => !r.StartsWith("/usr/", StringComparison.Ordinal)))
            args.AddRange(["--ro-bind", root, root]);
        return args;
    }

    /// <summary>The dotnet host running this server (so the worker uses the same runtime).</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        var fromRuntime = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet"));
        if (File.Exists(fromRuntime)) return fromRuntime;
        return FindOnPath("dotnet") ?? throw new InvalidOperationException("Cannot find the dotnet host to start workers.");
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Checks that bubblewrap can really create a sandbox here (it can lack permissions).</summary>
    public bool ProbeSandbox(out string problem)
    {
        problem = "";
        if (Bubblewrap is null) { problem = "bubblewrap (bwrap) is not installed"; return false; }
        var probe = Process.Start(new ProcessStartInfo(Bubblewrap)
        {
            ArgumentList = { "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--ro-bind-try", "/lib", "/lib", "--ro-bind-try", "/lib64", "/lib64", "--ro-bind-try", "/bin", "/bin", "--proc", "/proc", "--dev", "/dev", "/usr/bin/true" },
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var error = probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        if (probe.ExitCode == 0) return true;
        problem = "bubblewrap cannot create a sandbox here: " + error.Trim();
        return false;
    }
}
