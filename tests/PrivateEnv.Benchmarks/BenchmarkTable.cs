using System.Diagnostics;
using System.Globalization;

namespace PrivateEnv.Benchmarks;

/// <summary>Times an action several times and prints rows of an aligned table.</summary>
internal static class BenchmarkTable
{
    /// <summary>Runs once to warm up, then <paramref name="runs"/> times; returns the times in ms.</summary>
    public static double[] Measure(int runs, Action action)
    {
        action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    public static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static void Print(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, c) => all.Max(r => r[c].Length)).ToArray();
        string Line(IReadOnlyList<string> r) => string.Join(" | ", r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
        Console.WriteLine(Line(header));
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in all.Skip(1)) Console.WriteLine(Line(row));
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
