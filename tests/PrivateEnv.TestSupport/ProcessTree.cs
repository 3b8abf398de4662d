namespace PrivateEnv.TestSupport;

/// <summary>What tests and the load command read of a process tree from /proc (Linux).</summary>
public static class ProcessTree
{
    /// <summary>All live descendants of <paramref name="root"/> (workers, and bubblewrap around them).</summary>
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(afterName[1]);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var current = frontier.Dequeue();
            foreach (var (pid, parent) in parents)
                if (parent == current) { result.Add(pid); frontier.Enqueue(pid); }
        }
        return result;
    }

    /// <summary>The process's group path in one v1 hierarchy (the second field of its /proc/PID/cgroup line), or null.</summary>
    public static string? CgroupPath(int pid, string controller)
    {
        try
        {
            return File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3))
                .FirstOrDefault(f => f.Length == 3 && f[1].Split(',').Contains(controller))?[2];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
