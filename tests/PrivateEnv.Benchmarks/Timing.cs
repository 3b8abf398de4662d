using System.Diagnostics;

namespace PrivateEnv.Benchmarks;

/// <summary>
/// Runs an action several times after a warm-up and reports the median wall time and the median
/// process CPU time (on a shared, loaded machine the CPU time is the better estimate of the cost).
/// </summary>
public static class Timing
{
    public static (double MedianMilliseconds, T Result) Median<T>(int repetitions, Func<T> action)
    {
        var (wall, _, result) = MedianWithCpu(repetitions, action);
        return (wall, result);
    }

    public static (double WallMilliseconds, double CpuMilliseconds, T Result) MedianWithCpu<T>(int repetitions, Func<T> action)
    {
        var result = action(); // warm-up (JIT, caches)
        var walls = new double[repetitions];
        var cpus = new double[repetitions];
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < repetitions; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            result = action();
            walls[i] = watch.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpus[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        }
        Array.Sort(walls);
        Array.Sort(cpus);
        return (walls[repetitions / 2], cpus[repetitions / 2], result);
    }

    /// <summary>The median (mean of the middle two for an even count).</summary>
    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no values", nameof(values));
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>"load 3.2 on 2 cores" from /proc/loadavg where available.</summary>
    public static string MachineLoad()
    {
        try
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return $"load average {load} on {Environment.ProcessorCount} cores";
        }
        catch (IOException) { return $"{Environment.ProcessorCount} cores"; }
        catch (UnauthorizedAccessException) { return $"{Environment.ProcessorCount} cores"; }
    }
}
