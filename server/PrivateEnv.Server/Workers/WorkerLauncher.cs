using System.Diagnostics;
using System.Net.Sockets;

namespace PrivateEnv.Server.Workers;

/// <summary>
/// Starts worker processes: `dotnet PrivateEnv.Worker.dll`, in layers, each optional where the
/// host lacks it (and logged once): its own cgroups (memory and pids ceilings), rlimits via
/// prlimit (no core dumps, small files, few descriptors), bubblewrap (new network namespace with
/// no interfaces, read-only binds of only the runtime, the worker and the datasets, private /tmp,
/// new PID/IPC/UTS namespaces, no capabilities, dies with the server), and a managed-heap hard limit.
/// </summary>
public sealed class WorkerLauncher
{
    private readonly ILogger<WorkerLauncher> logger;
    private readonly ServerOptions options;

    /// <param name="workerDll">The worker to start; default: worker/ beside the server (where the build copies it).</param>
    public WorkerLauncher(ServerOptions options, ILogger<WorkerLauncher> logger, string? workerDll = null)
    {
        this.options = options;
        this.logger = logger;
        WorkerDll = workerDll ?? Path.Combine(AppContext.BaseDirectory, "worker", "PrivateEnv.Worker.dll");
        Bubblewrap = options.NoSandbox ? null : FindOnPath("bwrap");
        Prlimit = FindOnPath("prlimit");
        if (Prlimit is null) logger.LogWarning("prlimit (util-linux) is not installed: workers run without rlimits (core dumps, file size, descriptors)");
        Cgroup = WorkerCgroup.Probe(out var reason);
        if (Cgroup is null) logger.LogWarning("Workers run without a cgroup memory/pids limit: {Reason}; the managed-heap limit still applies", reason);
        else logger.LogInformation("Per-worker cgroups: {Cgroups}", Cgroup.Description);
        WorkerIsReadyToRun = IsReadyToRun(Path.Combine(Path.GetDirectoryName(WorkerDll)!, "Microsoft.CodeAnalysis.CSharp.dll"));
    }

    /// <summary>
    /// Whether the worker's assemblies were compiled ReadyToRun (Release builds). Such workers run with tiered compilation
    /// off: the precompiled code is used as it is, instead of every worker re-jitting its hot Roslyn methods into private
    /// memory. Load command, 24 sessions on 2 cores, Release: 7.3 → 104.8 cells/s, p99 4.9 s → 0.43 s, idle private dirty
    /// 66 → 58 MB. Without precompiled code (test builds) tiering stays on, or every method would be compiled fully optimised
    /// on first use.
    /// </summary>
    public bool WorkerIsReadyToRun { get; }

    private static bool IsReadyToRun(string assembly)
    {
        try
        {
            using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
            return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException) { return false; }
    }

    /// <summary>
    /// rlimits every worker gets: no core dumps (they would hold private data), 512 descriptors, and
    /// files up to 4 GB — not smaller: the runtime's W^X double mapping grows a memfd as the JIT
    /// emits code, and a 16 MB cap kills the worker with "Out of memory" during its first compile.
    /// Disk writes are bounded by the sandbox's 64 MB /tmp instead.
    /// </summary>
    public static readonly string[] RlimitArguments = ["--core=0", "--fsize=4294967296", "--nofile=512"];

    /// <summary>Memory the whole worker may use (managed heap limit plus runtime, JIT and native overhead).</summary>
    public long CgroupMemoryBytes => (long)options.WorkerMemoryMb * 1024 * 1024 + 512L * 1024 * 1024;

    public const int MaxWorkerPids = 512;

    public string? Prlimit { get; }
    public WorkerCgroup? Cgroup { get; }

    public string WorkerDll { get; }
    public string? Bubblewrap { get; private set; }

    /// <summary>Runs workers without bubblewrap (when it cannot work here and the operator allows that).</summary>
    public void DisableSandbox() => Bubblewrap = null;
    public bool Sandboxed => Bubblewrap is not null;

    /// <summary>
    /// Starts a worker that may read <paramref name="readablePaths"/> and write <paramref name="writablePaths"/> (only
    /// the start-up dataset check writes, the demo dataset); nothing else of the host's files but the runtime.
    /// </summary>
    public async Task<WorkerProcess> StartAsync(string sessionId, IEnumerable<string> readablePaths, CancellationToken cancellationToken, IEnumerable<string>? writablePaths = null)
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
        var sessionTag = sessionId[..Math.Min(8, sessionId.Length)];
        var cgroup = CreateCgroup(sessionTag);
        var command = BuildCommand(dotnet, directory.FullName, socketPath, readablePaths, cgroup, writablePaths);
        start.FileName = command[0];
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)options.WorkerMemoryMb * 1024 * 1024).ToString("X");
        start.Environment["DOTNET_TieredCompilation"] = WorkerIsReadyToRun ? "0" : "1";
        start.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!;

        var process = await ProcessSpawner.StartAsync(start);
        process.StandardInput.Close();
        var diagnostics = new WorkerDiagnostics { MemoryEvents = cgroup is null ? null : cgroup.MemoryEvents };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            diagnostics.AddErrorLine(e.Data);
            logger.LogDebug("worker {Session} stderr: {Line}", sessionTag, e.Data);
        };
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
            return new WorkerProcess(process, socket, directory, logger, diagnostics, cgroup is null ? null : cgroup.Remove);
        }
        catch
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(2000);
            directory.Delete(recursive: true);
            cgroup?.Remove();
            throw;
        }
        finally
        {
            listener.Dispose();
        }
    }

    private WorkerCgroup.Instance? CreateCgroup(string sessionTag)
    {
        if (Cgroup is null) return null;
        try { return Cgroup.Create(sessionTag, CgroupMemoryBytes, MaxWorkerPids); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not create this worker's cgroup ({Reason}); it runs with the heap limit only", e.Message);
            return null;
        }
    }

    /// <summary>
    /// The worker's command line, outermost first: a shell that moves itself into the worker's
    /// cgroups and execs (so every descendant is inside before it exists), prlimit, bubblewrap,
    /// then dotnet. Layers the host lacks are left out.
    /// </summary>
    public IReadOnlyList<string> BuildCommand(string dotnet, string channelDir, string socketPath, IEnumerable<string> readablePaths, WorkerCgroup.Instance? cgroup, IEnumerable<string>? writablePaths = null)
    {
        var command = new List<string>();
        if (cgroup is { ProcsFiles.Count: > 0 })
        {
            command.AddRange(["/bin/sh", "-c", "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 97; shift; n=$((n-1)); done; exec \"$@\"", "privateenv-worker",
                cgroup.ProcsFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            command.AddRange(cgroup.ProcsFiles);
        }
        if (Prlimit is not null) command.AddRange([Prlimit, .. RlimitArguments, "--"]);
        if (Bubblewrap is not null)
        {
            command.Add(Bubblewrap);
            command.AddRange(SandboxArguments(channelDir, dotnet, readablePaths.Append(Path.GetDirectoryName(WorkerDll)!), writablePaths));
            command.Add("--");
        }
        command.AddRange([dotnet, WorkerDll, "--socket", socketPath]);
        return command;
    }

    public static IReadOnlyList<string> SandboxArguments(string channelDir, string dotnet, IEnumerable<string> readablePaths, IEnumerable<string>? writablePaths = null)
    {
        var args = new List<string>
        {
            // New user (where allowed), IPC, PID, network (no interfaces but a down loopback), UTS and cgroup namespaces.
            "--unshare-all", "--unshare-net", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--hostname", "privateenv-worker",
            "--ro-bind", "/usr", "/usr",
            "--ro-bind-try", "/lib", "/lib",
            "--ro-bind-try", "/lib64", "/lib64",
            "--ro-bind-try", "/bin", "/bin",
            "--proc", "/proc",
            "--dev", "/dev",
            "--size", "67108864", "--tmpfs", "/tmp",
            "--bind", channelDir, channelDir,
        };
        var roots = new HashSet<string>(StringComparer.Ordinal)
        {
            Path.GetDirectoryName(dotnet)!,
        };
        foreach (var path in readablePaths) roots.Add(path);
        foreach (var root in roots.Where(r => !r.StartsWith("/usr/", StringComparison.Ordinal)))
            args.AddRange(["--ro-bind", root, root]);
        foreach (var path in writablePaths ?? []) args.AddRange(["--bind", path, path]); // after the read-only ones, so it wins inside them
        args.AddRange(["--remount-ro", "/"]); // the sandbox's own root (mount points) read-only too
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
