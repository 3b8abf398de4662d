using Microsoft.Extensions.Logging.Abstractions;
using PrivateEnv.Server.Workers;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Server.Tests;

/// <summary>
/// bubblewrap's --die-with-parent (PR_SET_PDEATHSIG) is tied to the thread that forked it. A worker asked for from a
/// thread that then ends (as thread-pool threads do when the pool shrinks) must keep running.
/// </summary>
public sealed class WorkerSpawnTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("privateenv-spawn-").FullName;

    [SkippableFact]
    public async Task A_sandboxed_worker_outlives_the_thread_that_asked_for_it()
    {
        ExternalTool.Require("/usr/bin/bwrap", "bubblewrap");
        var options = ServerOptions.Parse(["--data-dir", dataDir]);
        var launcher = new WorkerLauncher(options, NullLogger<WorkerLauncher>.Instance, RepoPaths.WorkerDll);
        Assert.True(launcher.ProbeSandbox(out var why), why);

        WorkerProcess? worker = null;
        var asker = new Thread(() => worker = launcher.StartAsync("spawn-test", [], CancellationToken.None).GetAwaiter().GetResult());
        asker.Start();
        asker.Join();
        await using var started = worker!;
        // The asking thread is gone; a death signal tied to it arrives at once (it did: the worker was dead here).
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(started.IsAlive, "the worker died with the thread that asked for it");
    }

    public void Dispose()
    {
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }
}
