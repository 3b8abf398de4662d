using PrivateEnv.TestSupport;

namespace PrivateEnv.LoadTests;

/// <summary>Resident memory of a process and its descendants, from /proc (Linux).</summary>
internal static class ProcessMemory
{
    public static long ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    /// <summary>Proportional set size and private dirty bytes (/proc/PID/smaps_rollup): what a process really costs when
    /// code pages are shared with others.</summary>
    public static (long Pss, long PrivateDirty) Shared(int pid)
    {
        long pss = 0, dirty = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2 || !long.TryParse(parts[1], out var kb)) continue;
                if (parts[0] == "Pss:") pss = kb * 1024;
                else if (parts[0] == "Private_Dirty:") dirty = kb * 1024;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return (pss, dirty);
    }

    /// <summary>The worker processes (dotnet running PrivateEnv.Worker.dll) among <paramref name="root"/>'s descendants.</summary>
    public static IReadOnlyList<int> Workers(int root) =>
        ProcessTree.Descendants(root).Where(pid =>
        {
            try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains("PrivateEnv.Worker.dll", StringComparison.Ordinal) && !File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("bwrap", StringComparison.Ordinal) && File.ReadAllText($"/proc/{pid}/comm").Trim() == "dotnet"; }
            catch (IOException) { return false; }
        }).ToList();
}
