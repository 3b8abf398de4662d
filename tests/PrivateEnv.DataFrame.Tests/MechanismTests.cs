namespace PrivateEnv.DataFrame.Tests;

/// <summary>
/// Statistical checks that the released values follow the distributions the DP proofs assume.
/// SecureRandom cannot be seeded (by design), so each test states its false-failure rate instead.
/// </summary>
public class MechanismTests
{
    private const double Alpha = 1e-4; // KS false-failure rate per test

    [Fact]
    public void Count_noise_is_Laplace_with_scale_one_over_eps()
    {
        // Count = n + Lap(1/ε) (Laplace mechanism, sensitivity 1). KS test against that CDF;
        // false failure ≈ α = 1e-4.
        var df = TestData.Numbers(new RecordingCharger(), Enumerable.Repeat(1.0, 50), 0, 1);
        const double eps = 0.5, scale = 1 / eps;
        var sample = Enumerable.Range(0, 3000).Select(_ => df.Count(eps)).ToList();
        var d = KolmogorovSmirnov.Statistic(sample, x => LaplaceCdf(x - 50, scale));
        Assert.True(d < KolmogorovSmirnov.Critical(sample.Count, Alpha), $"KS D = {d}");
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

    // Tiny data for the exponential mechanism, where its exact output law is easy to integrate.
    private static readonly double[] Data = [1, 2, 2, 5, 9];
    private const double Lo = 0, Hi = 10;

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.25, 3.0)]
    [InlineData(0.0, 1.0)]
    public void Quantile_samples_follow_the_exponential_mechanism_law(double q, double eps)
    {
        // Output density ∝ exp(ε·u(v)/2), u(v) = −|#{x < v} − q·n| (Smith 2011). KS against the
        // exact CDF integrated here, independently of the library; false failure ≈ 1e-4 per case.
        var df = TestData.Numbers(new RecordingCharger(), Data, Lo, Hi);
        var sample = Enumerable.Range(0, 3000).Select(_ => df["v"].Quantile(q, eps)).ToList();
        Assert.All(sample, v => Assert.InRange(v, Lo, Hi));
        var cdf = ExactCdf(Data, q, eps);
        var d = KolmogorovSmirnov.Statistic(sample, cdf);
        Assert.True(d < KolmogorovSmirnov.Critical(sample.Count, Alpha), $"KS D = {d}");
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.9, 0.3)]
    [InlineData(0.0, 2.0)]
    public void Quantile_density_ratio_on_neighbours_is_at_most_e_to_the_eps(double q, double eps)
    {
        // The DP claim itself: for D and D' differing by one added or removed row, the output
        // densities differ by a factor ≤ e^ε everywhere (exact computation, no randomness).
        double[][] neighbours = [[1, 2, 5, 9], [1, 2, 2, 5, 9, 0.5], [2, 2, 5, 9], [1, 2, 2, 5, 9, 9.5]];
        var grid = Enumerable.Range(0, 1000).Select(i => Lo + (i + 0.5) * (Hi - Lo) / 1000).ToArray();
        var p = grid.Select(Density(Data, q, eps)).ToArray();
        foreach (var other in neighbours)
        {
            var p2 = grid.Select(Density(other, q, eps)).ToArray();
            var worst = grid.Select((_, i) => Math.Abs(Math.Log(p[i] / p2[i]))).Max();
            Assert.True(worst <= eps + 1e-9, $"log-ratio {worst} > ε {eps}");
        }
    }

    [Fact]
    public void Quantile_survives_extreme_interval_length_ratios()
    {
        // Gaps of 1e-300 next to a gap of 1e10 overflow plain weights (ratio 1e310); the sampler then
        // works in logs. The huge last interval holds all but ~e^(−ε/2)·1e-310 of the mass.
        var df = TestData.Numbers(new RecordingCharger(), [1e-300, 2e-300, 3e-300], 0, 1e10);
        for (var run = 0; run < 20; run++)
        {
            var median = df["v"].Median(1);
            Assert.True(double.IsFinite(median));
            Assert.InRange(median, 3e-300, 1e10);
        }
    }

    private static Func<double, double> Density(double[] data, double q, double eps)
    {
        var sorted = data.OrderBy(v => v).ToArray();
        double Score(double v) => Math.Exp(-eps / 2 * Math.Abs(sorted.Count(x => x < v) - q * sorted.Length));
        var edges = new[] { Lo }.Concat(sorted).Append(Hi).ToArray();
        double total = 0;
        for (var i = 0; i + 1 < edges.Length; i++) total += (edges[i + 1] - edges[i]) * Score((edges[i] + edges[i + 1]) / 2);
        return v => Score(v) / total;
    }

    private static Func<double, double> ExactCdf(double[] data, double q, double eps)
    {
        var density = Density(data, q, eps);
        var edges = new[] { Lo }.Concat(data.OrderBy(v => v)).Append(Hi).ToArray();
        return v =>
        {
            double mass = 0;
            for (var i = 0; i + 1 < edges.Length; i++)
            {
                var (a, b) = (edges[i], Math.Min(edges[i + 1], v));
                if (b > a) mass += (b - a) * density((edges[i] + edges[i + 1]) / 2);
            }
            return Math.Clamp(mass, 0, 1);
        };
    }

    private static double LaplaceCdf(double x, double scale) =>
        x < 0 ? 0.5 * Math.Exp(x / scale) : 1 - 0.5 * Math.Exp(-x / scale);
}
