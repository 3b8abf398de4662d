namespace PrivateEnv.Server.Workers;

/// <summary>
/// Per-worker control groups when this host lets the server create them: a memory ceiling
/// (catches native growth the managed-heap limit cannot see), a pids ceiling (fork/thread
/// bombs) and, with a v1 cpu hierarchy, a processor share (see <see cref="WorkersCpuGroupPrefix"/>).
/// cgroup v2 (unified, memory controller enabled) or v1 (memory, pids and cpu hierarchies);
/// <see cref="Probe"/> returns null, with the reason, where none is writable.
/// </summary>
public sealed class WorkerCgroup
{
    private readonly List<(string Directory, string Kind)> parents;

    private WorkerCgroup(List<(string, string)> parents) => this.parents = parents;

    public string Description => string.Join(", ", parents.Select(p => $"{p.Kind} at {p.Directory}"));

    /// <summary>
    /// With a v1 cpu hierarchy all of one server's workers share one cpu group (named this plus the server's pid), which
    /// weighs as much as the server's own scheduling group; each worker has an equal share inside it. Without it every
    /// worker is an autogroup of its own (bubblewrap's --new-session) and weighs as much as the whole server, so N busy
    /// workers left the server 1/(N+1) of the processors: at 72 first cells on 2 cores Kestrel reset a connection whose
    /// body it could not read in time. Tasks outside the root cpu group are not autogrouped.
    /// </summary>
    public const string WorkersCpuGroupPrefix = "privateenv-workers-";

    /// <summary>A group's cpu.shares by default: one nice-0 task, one autogroup.</summary>
    public const int DefaultCpuShares = 1024;

    public static WorkerCgroup? Probe(out string reason)
    {
        var found = new List<(string, string)>();
        var own = File.Exists("/proc/self/cgroup") ? File.ReadAllLines("/proc/self/cgroup") : [];
        var unified = "/sys/fs/cgroup";
        if (File.Exists(Path.Combine(unified, "cgroup.controllers")))
        {
            var path = own.FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..] ?? "/";
            var dir = Path.Combine(unified, path.TrimStart('/'));
            if (File.ReadAllText(Path.Combine(unified, "cgroup.controllers")).Contains("memory", StringComparison.Ordinal) && CanCreate(dir, "memory.max"))
                found.Add((dir, "v2"));
        }
        else
        {
            foreach (var (controller, file) in (ReadOnlySpan<(string, string)>)[("memory", "memory.limit_in_bytes"), ("pids", "pids.max"), ("cpu", "cpu.shares")])
            {
                var line = own.FirstOrDefault(l => l.Split(':') is [_, var controllers, _] && controllers.Split(',').Contains(controller));
                var dir = Path.Combine("/sys/fs/cgroup", controller, line?.Split(':')[2].TrimStart('/') ?? "");
                if (!CanCreate(dir, file)) continue;
                if (controller == "cpu")
                {
                    if (CreateWorkersCpuGroup(dir) is { } shared) found.Add((shared, "v1-cpu"));
                }
                else found.Add((dir, "v1-" + controller));
            }
        }
        reason = found.Count == 0 ? "no writable cgroup (v2 with the memory controller, or v1 memory/pids/cpu) for per-worker limits" : "";
        return found.Count == 0 ? null : new WorkerCgroup(found);
    }

    private static bool CanCreate(string parent, string limitFile)
    {
        var probe = Path.Combine(parent, "privateenv-probe-" + Environment.ProcessId);
        try
        {
            Directory.CreateDirectory(probe);
            var ok = File.Exists(Path.Combine(probe, limitFile));
            Directory.Delete(probe);
            return ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>This server's shared cpu group for its workers, after removing the empty ones of servers that have ended.</summary>
    private static string? CreateWorkersCpuGroup(string parent)
    {
        foreach (var stale in Directory.EnumerateDirectories(parent, WorkersCpuGroupPrefix + "*"))
            if (int.TryParse(Path.GetFileName(stale)[WorkersCpuGroupPrefix.Length..], out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
                RemoveTree(stale);
        var shared = Path.Combine(parent, WorkersCpuGroupPrefix + Environment.ProcessId);
        try
        {
            Directory.CreateDirectory(shared);
            File.WriteAllText(Path.Combine(shared, "cpu.shares"), DefaultCpuShares.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return shared;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static bool IsRunning(int pid) => Directory.Exists("/proc/" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Removes a group and its child groups where they hold no process (rmdir refuses those that do).</summary>
    private static void RemoveTree(string dir)
    {
        try
        {
            foreach (var child in Directory.EnumerateDirectories(dir)) RemoveTree(child);
            Directory.Delete(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Removes this server's shared groups if no worker is left in them (at shutdown; the next start removes what remains).</summary>
    public void RemoveShared()
    {
        foreach (var (dir, kind) in parents)
            if (kind == "v1-cpu") RemoveTree(dir);
    }

    /// <summary>Creates this worker's groups with its limits; returns the cgroup.procs files to join.</summary>
    public Instance Create(string tag, long memoryBytes, int maxPids)
    {
        var made = new List<string>();
        var procs = new List<string>();
        foreach (var (parent, kind) in parents)
        {
            var dir = Path.Combine(parent, $"privateenv-{tag}-{Guid.NewGuid():N}"[..40]);
            Directory.CreateDirectory(dir);
            made.Add(dir);
            switch (kind)
            {
                case "v2":
                    File.WriteAllText(Path.Combine(dir, "memory.max"), memoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    TryWrite(Path.Combine(dir, "memory.swap.max"), "0");
                    TryWrite(Path.Combine(dir, "pids.max"), maxPids.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "v1-memory":
                    File.WriteAllText(Path.Combine(dir, "memory.limit_in_bytes"), memoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    TryWrite(Path.Combine(dir, "memory.memsw.limit_in_bytes"), memoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "v1-pids":
                    File.WriteAllText(Path.Combine(dir, "pids.max"), maxPids.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "v1-cpu":
                    // Equal shares among the workers, whatever threads each runs: a session cannot crowd out the others.
                    File.WriteAllText(Path.Combine(dir, "cpu.shares"), DefaultCpuShares.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
            procs.Add(Path.Combine(dir, "cgroup.procs"));
        }
        return new Instance(made, procs);
    }

    private static void TryWrite(string path, string value)
    {
        try { if (File.Exists(path)) File.WriteAllText(path, value); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>One worker's groups; removed once the worker has exited.</summary>
    public sealed class Instance(List<string> directories, List<string> procsFiles)
    {
        private readonly string[] created = [.. directories];

        public IReadOnlyList<string> ProcsFiles => procsFiles;

        /// <summary>The memory limit's events so far: v2 memory.events (max, oom, oom_kill), v1 failcnt and oom_kill.</summary>
        public string? MemoryEvents()
        {
            var found = new List<string>();
            foreach (var dir in created)
            {
                found.AddRange(ReadCounters(Path.Combine(dir, "memory.events"), "max", "oom", "oom_kill"));
                found.AddRange(ReadCounters(Path.Combine(dir, "memory.oom_control"), "oom_kill"));
                if (TryRead(Path.Combine(dir, "memory.failcnt")) is { } failures) found.Add("failcnt " + failures.Trim());
            }
            return found.Count == 0 ? null : string.Join(", ", found);
        }

        private static IEnumerable<string> ReadCounters(string path, params string[] names) =>
            TryRead(path)?.Split('\n').Where(line => names.Contains(line.Split(' ')[0])) ?? [];

        private static string? TryRead(string path)
        {
            try { return File.Exists(path) ? File.ReadAllText(path) : null; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        }

        /// <summary>Removes the groups once empty: the sandbox's inner processes can outlive the outer one by a moment, so retry for a few seconds in the background.</summary>
        public void Remove() => _ = Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 50 && directories.Count > 0; attempt++)
            {
                foreach (var dir in directories.ToList())
                {
                    try { Directory.Delete(dir); directories.Remove(dir); }
                    catch (DirectoryNotFoundException) { directories.Remove(dir); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                }
                if (directories.Count > 0) await Task.Delay(200);
            }
        });
    }
}
