using System.Diagnostics;

namespace PrivateEnv.Benchmarks;

/// <summary>Runs an action several times after a warm-up and reports the median wall time.</summary>
public static class Timing
{
    public static (double MedianMilliseconds, T Result) Median<T>(int repetitions, Func<T> action)
    {
        var result = action(); // warm-up (JIT, caches)
        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            result = action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[repetitions / 2], result);
    }
}
