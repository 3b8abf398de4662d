namespace PrivateEnv.Server.Tests;

/// <summary>What a test reads of a worker's processes from /proc (Linux).</summary>
internal static class ProcessTree
{
    /// <summary>The live descendants of a process, from the parent fields of /proc/*/stat.</summary>
    public static List<int> Descendants(int root)
    {
        var parent = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parent[pid] = int.Parse(fields[1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        bool Under(int pid)
        {
            for (var p = pid; parent.TryGetValue(p, out var up) && p > 1; p = up)
                if (up == root) return true;
            return false;
        }
        return parent.Keys.Where(Under).ToList();
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
