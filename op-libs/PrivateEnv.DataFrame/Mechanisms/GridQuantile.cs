using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.DataFrame.Mechanisms;

/// <summary>
/// DP q-quantile over a public grid of <see cref="Cells"/> equal cells of the declared bounds [lo, hi]: report noisy
/// max (<see cref="NoisyArgMax"/>) over the cells with the utility of Smith (2011): for a cell covering ranks
/// [Bⱼ, Bⱼ₊₁] (Bⱼ = values below it), uⱼ = −dist(q·n, [Bⱼ, Bⱼ₊₁]). Adding or removing one row moves every Bⱼ by 0 or 1
/// and q·n by q, so every utility moves by at most max(q, 1 − q) ≤ 1 (times the stability s). In integers: q is
/// rounded to a/2²⁰ and utilities scaled by 2²⁰, sensitivity s·2²⁰. ε-DP; the result is the chosen cell's midpoint.
/// Work is one pass over the slots plus one noise draw per cell, whatever the data.
/// </summary>
internal static class GridQuantile
{
    public const int Cells = 4096;
    private const int QuantileBits = 20;

    public static NoisyArgMax Part(double eps, int stability, int disjointGroups = 1) => new(Cells, (1L << QuantileBits) * stability, eps, disjointGroups);

    /// <summary>Each slot's cell (−1 outside the mask or missing).</summary>
    public static long[] Histogram(double[] values, byte[] mask, double lo, double hi)
    {
        var counts = new long[Cells + 1];
        var scale = hi > lo ? Cells / (hi - lo) : 0;
        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            var cell = (int)Math.Clamp(Math.Floor((Math.Clamp(double.IsNaN(x) ? lo : x, lo, hi) - lo) * scale), 0, Cells - 1);
            counts[mask[i] == 0 || double.IsNaN(x) ? Cells : cell]++;
        }
        return counts[..Cells];
    }

    public static long[] Utilities(long[] histogram, double q)
    {
        var a = (long)Math.Round(q * (1L << QuantileBits));
        long n = 0;
        foreach (var c in histogram) n += c;
        var target = a * n;
        var utilities = new long[histogram.Length];
        long below = 0;
        for (var j = 0; j < histogram.Length; j++)
        {
            var low = below << QuantileBits;
            below += histogram[j];
            var high = below << QuantileBits;
            utilities[j] = -Math.Max(0, Math.Max(low - target, target - high));
        }
        return utilities;
    }

    public static double Midpoint(int cell, double lo, double hi) =>
        hi > lo ? Math.Clamp(lo + (cell + 0.5) * ((hi - lo) / Cells), lo, hi) : lo;
}
