using PrivateEnv.DataFrame.Mechanisms;

namespace PrivateEnv.DataFrame.Tests;

/// <summary>
/// Statistical checks that the released values follow the distributions the DP proofs assume.
/// SecureRandom cannot be seeded (by design), so each test states its false-failure rate instead.
/// </summary>
public class MechanismTests
{
    private const double Alpha = 1e-4; // KS false-failure rate per test

    [Fact]
    public void Count_noise_is_discrete_Laplace_with_parameter_eps()
    {
        // Count = n + Z, P[Z = z] ∝ exp(−ε|z|) on the integers (sensitivity 1). χ² over z in −8..8 with the tails pooled;
        // false failure ≈ α = 1e-4.
        var df = TestData.Numbers(new RecordingCharger(), Enumerable.Repeat(1.0, 50), 0, 1);
        const double eps = 0.5;
        var sample = Enumerable.Range(0, 5000).Select(_ => df.Count(eps)).ToList();
        Assert.All(sample, v => Assert.Equal(Math.Round(v), v));
        var p = Math.Exp(-eps);
        double Pmf(int z) => (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(z));
        var cells = Enumerable.Range(-8, 17).ToArray();
        var expected = cells.Select(z => Pmf(z)).ToList();
        var tail = 1 - expected.Sum();
        var observed = cells.Select(z => (double)sample.Count(v => v - 50 == z)).ToList();
        observed.Add(sample.Count(v => Math.Abs(v - 50) > 8));
        expected.Add(tail);
        var chi = observed.Select((o, i) => (o - expected[i] * sample.Count) * (o - expected[i] * sample.Count) / (expected[i] * sample.Count)).Sum();
        Assert.True(chi < 45.0, $"χ² = {chi:F1} over {observed.Count - 1} degrees of freedom (critical ≈ 45 at α = 1e-4)");
    }

    [Fact]
    public void Sum_noise_scale_follows_the_bounds()
    {
        // Sum over [-5, 5] has sensitivity 5: Sum = S + Lap(5/ε). False failure ≈ 1e-4.
        var df = TestData.Numbers(new RecordingCharger(), [1, -2, 4], -5, 5);
        const double eps = 2;
        var sample = Enumerable.Range(0, 3000).Select(_ => df["v"].Sum(eps)).ToList();
        var d = KolmogorovSmirnov.Statistic(sample, x => LaplaceCdf(x - 3, 5 / eps));
        Assert.True(d < KolmogorovSmirnov.Critical(sample.Count, Alpha), $"KS D = {d}");
    }

    // Tiny data: 4096 cells over [0, 10] (width 1/409.6), so each value sits in its own cell.
    private static readonly double[] Data = [1, 2, 2, 5, 9];
    private const double Lo = 0, Hi = 10;

    /// <summary>uⱼ = −dist(q·n, [Bⱼ, Bⱼ₊₁]) scaled by 2²⁰, Bⱼ the values below cell j: computed here directly from the data.</summary>
    private static long[] DirectUtilities(double[] data, double q)
    {
        var width = (Hi - Lo) / GridQuantile.Cells;
        var a = (long)Math.Round(q * (1 << 20));
        return Enumerable.Range(0, GridQuantile.Cells).Select(j =>
        {
            var left = Lo + j * width;
            var right = j == GridQuantile.Cells - 1 ? double.PositiveInfinity : Lo + (j + 1) * width;
            long below = data.Count(x => x < left), upTo = data.Count(x => x < right);
            var target = a * data.Length;
            return -Math.Max(0, Math.Max((below << 20) - target, target - (upTo << 20)));
        }).ToArray();
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.25)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Quantile_utilities_are_the_rank_distance_of_each_cell(double q)
    {
        var mask = Enumerable.Repeat((byte)1, Data.Length).ToArray();
        var utilities = GridQuantile.Utilities(GridQuantile.Histogram(Data, mask, Lo, Hi), q);
        Assert.Equal(DirectUtilities(Data, q), utilities);
        // The best cells are those whose rank range contains q·n: e.g. the median's is the cell holding the value 2.
        if (q == 0.5) Assert.Equal(0, utilities[(int)(2 / ((Hi - Lo) / GridQuantile.Cells))]);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Quantile_utilities_of_neighbours_differ_by_at_most_the_charged_sensitivity(double q)
    {
        // The DP claim's premise, exactly: adding or removing one row (anywhere, including at a cell edge or outside
        // the bounds) moves every cell's utility by at most 2²⁰ (the sensitivity the noisy max is calibrated for).
        double[][] neighbours = [[1, 2, 5, 9], [1, 2, 2, 5, 9, 0.5], [2, 2, 5, 9], [1, 2, 2, 5, 9, 9.5], [1, 2, 2, 5, 9, 10], [1, 2, 2, 5, 9, -3], [1, 2, 2, 2, 5, 9]];
        var mine = DirectUtilities(Data, q);
        var sensitivity = GridQuantile.Part(1, 1).UtilitySensitivity;
        Assert.Equal(1L << 20, sensitivity);
        foreach (var other in neighbours)
        {
            var theirs = DirectUtilities(other.Select(x => Math.Clamp(x, Lo, Hi)).ToArray(), q);
            Assert.True(mine.Zip(theirs).All(p => Math.Abs(p.First - p.Second) <= sensitivity), $"a neighbour moved a utility by more than 2^20 (q = {q})");
        }
    }

    [Fact]
    public void Quantiles_release_cell_midpoints_inside_the_bounds_for_any_values()
    {
        // Values far below the grid step, and empty selections, still give a cell's midpoint inside the bounds.
        var df = TestData.Numbers(new RecordingCharger(), [1e-300, 2e-300, 3e-300], 0, 1e10);
        var width = 1e10 / GridQuantile.Cells;
        for (var run = 0; run < 20; run++)
        {
            var median = df["v"].Median(1);
            Assert.InRange(median, 0, 1e10);
            var cell = (median - width / 2) / width;
            Assert.Equal(Math.Round(cell), cell, 6);
        }
        Assert.InRange(df[df["v"] > 1]["v"].Median(1), 0, 1e10);
    }

    private static double LaplaceCdf(double x, double scale) =>
        x < 0 ? 0.5 * Math.Exp(x / scale) : 1 - 0.5 * Math.Exp(-x / scale);
}
