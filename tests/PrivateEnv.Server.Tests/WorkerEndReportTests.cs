using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PrivateEnv.Server.Workers;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Server.Tests;

/// <summary>
/// A worker that dies on its own is reported in the operator's log with its exit status, even when its session
/// disposes it before that status is known (a crashed cell's next cell does so at once). Hostile CI run of stop 21
/// lost the report: disposal released the Process object while the report was still waiting to read it.
/// </summary>
public sealed class WorkerEndReportTests : IDisposable
{
    private const int SigKill = 9;
    private const int SigStop = 19;
    private readonly string dataDir = Directory.CreateTempSubdirectory("privateenv-endreport-").FullName;

    [SkippableFact]
    public async Task A_worker_disposed_while_its_end_is_being_reported_is_still_reported_with_its_exit_status()
    {
        ExternalTool.Require("/usr/bin/bwrap", "bubblewrap");
        Assert.True(OperatingSystem.IsLinux(), "signals and /proc: Linux only");
        var log = new RecordingLogger();
        var launcher = new WorkerLauncher(ServerOptions.Parse(["--data-dir", dataDir]), log, RepoPaths.WorkerDll);
        Assert.True(launcher.ProbeSandbox(out var why), why);
        var worker = await launcher.StartAsync("endreport", [], CancellationToken.None);

        // bubblewrap (the process the server holds) is stopped, then what it runs is killed: the channel closes while
        // the server's process is still there, so the report waits for an exit that only disposal (its kill) brings.
        var root = worker.ProcessId;
        Assert.Equal(0, kill(root, SigStop));
        var inside = ProcessTree.Descendants(root);
        Assert.NotEmpty(inside);
        foreach (var pid in inside) _ = kill(pid, SigKill);   // one may already be gone with its parent
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (worker.IsAlive && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(worker.IsAlive, "the channel did not close within 30 s of the worker's death");

        await worker.DisposeAsync();

        deadline = DateTime.UtcNow.AddSeconds(15);
        while (!log.Contains("ended on its own") && DateTime.UtcNow < deadline) await Task.Delay(50);
        var report = log.Lines.FirstOrDefault(l => l.Contains("ended on its own", StringComparison.Ordinal));
        Assert.True(report is not null, "no report of the worker's end; the log:\n" + string.Join('\n', log.Lines));
        Assert.Contains($"worker {root} ", report);
        Assert.Contains("exit code", report);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public void Dispose()
    {
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }

    private sealed class RecordingLogger : ILogger<WorkerLauncher>
    {
        private readonly ConcurrentQueue<string> lines = new();
        public IEnumerable<string> Lines => lines;
        public bool Contains(string text) => lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lines.Enqueue(formatter(state, exception));
        }
    }
}
