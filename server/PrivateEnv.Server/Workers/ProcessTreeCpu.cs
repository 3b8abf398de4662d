using System.Globalization;

namespace PrivateEnv.Server.Workers;

/// <summary>
/// Processor time (user + system) of a process and its live descendants, from /proc: the worker runs
/// inside bubblewrap, so the process the server started is only the root of its tree. Linux only;
/// elsewhere it reports nothing and the CPU limit is not enforced.
/// </summary>
internal static class ProcessTreeCpu
{
    private static readonly double TicksPerSecond = 100;   // USER_HZ, fixed at 100 on Linux

    /// <summary>The process and its live descendants (one scan of /proc).</summary>
    public static IReadOnlyList<int> Tree(int rootPid)
    {
        if (!OperatingSystem.IsLinux()) return [];
        var parents = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Read(pid) is { } entry) parents[pid] = entry;
        return parents.ContainsKey(rootPid) ? parents.Keys.Where(pid => Descends(pid, rootPid, parents)).ToList() : [];
    }

    /// <summary>Summed processor time of these processes; null when none can be read any more.</summary>
    public static TimeSpan? Of(IReadOnlyList<int> tree)
    {
        long ticks = 0;
        var read = 0;
        foreach (var pid in tree)
            if (Read(pid) is { } entry) { ticks += entry.Ticks; read++; }
        return read == 0 ? null : TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static bool Descends(int pid, int root, Dictionary<int, (int Parent, long Ticks)> parents)
    {
        for (var current = pid; current > 1 && parents.TryGetValue(current, out var entry); current = entry.Parent)
            if (current == root) return true;
        return false;
    }

    /// <summary>(parent pid, utime + stime) from /proc/PID/stat; fields after the command name, which may hold spaces.</summary>
    private static (int Parent, long Ticks)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] = state, [1] = ppid, [11] = utime, [12] = stime
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { return null; }
    }
}
