namespace PrivateEnv.Kernel;

/// <summary>
/// Ends the kernel when the process that started it is gone (a notebook server or Polyglot host that
/// crashed or was killed), so orphaned kernels do not keep remote sessions open. Jupyter names the
/// parent in JPY_PARENT_PID; otherwise the kernel's own parent at start is watched (Linux: reparenting).
/// </summary>
internal static class ParentWatch
{
    public static void Start(Action onParentGone)
    {
        if (!OperatingSystem.IsLinux()) return;
        var named = int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out var pid) && pid > 1 ? pid : (int?)null;
        var original = ParentOf(Environment.ProcessId);
        if (named is null && original is null or <= 1) return;
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
                var gone = named is { } p ? !Directory.Exists($"/proc/{p}") : ParentOf(Environment.ProcessId) != original;
                if (gone) { onParentGone(); return; }
            }
        })
        { IsBackground = true, Name = "parent-watch" };
        thread.Start();
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { return null; }
    }
}
