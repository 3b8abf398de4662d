using System.Collections.Concurrent;
using System.Diagnostics;

namespace PrivateEnv.Server.Workers;

/// <summary>
/// Starts worker processes from one thread that lives as long as the server. bubblewrap's --die-with-parent is
/// PR_SET_PDEATHSIG, which fires when the thread that forked bubblewrap ends, not when the server does: started from a
/// thread-pool thread, a worker was killed (SIGKILL) whenever the pool retired that thread, at random and more often
/// under load (with 24 sessions, the load command saw 11 cells lose their worker in 30 s; a notebook's long fine-tuning
/// cell that lost its worker under load fits the same cause).
/// </summary>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = new();
    // Started with the type's first use; its loop answers every request, failures included, so it never ends.
    private static readonly Thread Spawner = StartSpawner();

    private static Thread StartSpawner()
    {
        var thread = new Thread(() =>
        {
            foreach (var (start, started) in Requests.GetConsumingEnumerable())
            {
                try { started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker process.")); }
                catch (Exception e) { started.SetException(e); }
            }
        })
        { IsBackground = true, Name = "worker spawner" };
        thread.Start();
        return thread;
    }

    /// <summary>Starts <paramref name="start"/> on the spawner thread.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task;
    }
}
