using PrivateEnv.Privacy.Releases;
using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Tests;

/// <summary>
/// Goodness of fit of every sampler against its exact distribution. Fixed seeds make each test
/// deterministic; with a fresh seed each would fail with probability about α = 1e-4 (χ² and the
/// Hoeffding bounds) or ≤ 1e-4 (DKW bound for KS), the stated false-failure rate.
/// </summary>
public class SamplerTests
{
    private const double Alpha = 1e-4;

    [Theory]
    [InlineData(3, 10)]   // γ = 0.3
    [InlineData(17, 10)]  // γ = 1.7
    [InlineData(5, 2)]    // γ = 2.5
    [InlineData(0, 1)]    // γ = 0 → always true
    public void Bernoulli_exp_minus_gamma_has_the_right_rate(int numerator, int denominator)
    {
        var bits = new SeededRandomBits(11);
        const int n = 200_000;
        var hits = 0;
        for (var i = 0; i < n; i++) if (ExactSamplers.BernoulliExpMinus(bits, (UInt128)numerator, (UInt128)denominator)) hits++;
        var expected = Math.Exp(-(double)numerator / denominator);
        var tolerance = Math.Sqrt(Math.Log(2 / Alpha) / (2 * n)); // Hoeffding
        Assert.InRange((double)hits / n, expected - tolerance, expected + tolerance);
    }

    [Theory]
    [InlineData(1UL, 3UL)]
    [InlineData(3UL, 7UL)]
    [InlineData(1UL, 1UL)]
    public void Discrete_laplace_matches_its_pmf(ulong s, ulong t)
    {
        var bits = new SeededRandomBits(12);
        var r = Math.Exp(-(double)s / t);
        const int n = 200_000, half = 60;
        var counts = new long[2 * half + 1];
        for (var i = 0; i < n; i++) counts[Math.Clamp(ExactSamplers.DiscreteLaplace(bits, s, t), -half, half) + half]++;
        var probabilities = new double[2 * half + 1];
        for (var x = -half + 1; x < half; x++) probabilities[x + half] = (1 - r) / (1 + r) * Math.Pow(r, Math.Abs(x));
        var tail = (1 - probabilities.Sum()) / 2; // P[X ≤ −half] = P[X ≥ half]
        probabilities[0] = probabilities[^1] = tail;
        var (statistic, critical, _) = Statistics.ChiSquare(counts, probabilities, Alpha);
        Assert.True(statistic < critical, $"χ² = {statistic:F1} ≥ {critical:F1}");
    }

    [Theory]
    [InlineData(2UL, 1UL)]     // σ² = 2
    [InlineData(25UL, 4UL)]    // σ² = 6.25
    [InlineData(1UL, 3UL)]     // σ² = 1/3 (t = 1)
    public void Discrete_gaussian_matches_its_pmf(ulong a, ulong b)
    {
        var bits = new SeededRandomBits(13);
        var sigmaSquared = (double)a / b;
        const int n = 200_000, half = 40;
        var counts = new long[2 * half + 1];
        for (var i = 0; i < n; i++) counts[Math.Clamp(ExactSamplers.DiscreteGaussian(bits, a, b), -half, half) + half]++;
        var weights = Enumerable.Range(-half, 2 * half + 1).Select(x => Math.Exp(-(double)x * x / (2 * sigmaSquared))).ToArray();
        var total = weights.Sum(); // the tail beyond ±40 is below 1e-100 for these σ
        var (statistic, critical, _) = Statistics.ChiSquare(counts, weights.Select(w => w / total).ToArray(), Alpha);
        Assert.True(statistic < critical, $"χ² = {statistic:F1} ≥ {critical:F1}");
    }

    [Fact]
    public void Discrete_gaussian_with_large_sigma_follows_the_normal_cdf()
    {
        // σ = 1000: the lattice CDF is within 1/(2σ√(2π)) ≈ 2e-4 of the continuity-corrected normal CDF,
        // far below the DKW bound at n = 100 000 (≈ 0.0069), so the KS test below checks the shape.
        var bits = new SeededRandomBits(14);
        var sample = Enumerable.Range(0, 100_000).Select(_ => (double)ExactSamplers.DiscreteGaussian(bits, 1_000_000, 1)).ToArray();
        var (distance, critical) = Statistics.KolmogorovSmirnov(sample, x => Numerics.SpecialFunctions.NormalCdf((x + 0.5) / 1000), Alpha);
        Assert.True(distance < critical, $"KS distance {distance:F5} ≥ {critical:F5}");
    }

    [Fact]
    public void Laplace_release_on_the_grid_is_laplace_with_the_grid_scale()
    {
        var bits = new SeededRandomBits(15);
        const double sensitivity = 3.0, epsilon = 0.7, value = 12.25;
        var grid = FineGrid.For(sensitivity);
        var scale = grid.IntegerSensitivity * grid.Granularity / (Math.Floor(epsilon * (1 << 20)) / (1 << 20));
        Assert.InRange(scale, sensitivity / epsilon, sensitivity / epsilon * 1.003);
        var (part, units) = LaplaceMechanism.Plan(value, sensitivity, epsilon);
        var sample = Enumerable.Range(0, 100_000).Select(_ => part.SampleUncharged(units, bits) - value).ToArray();
        // The grid step (≈ 0.0015·scale) moves the CDF by well under the DKW bound (≈ 0.0069).
        var (distance, critical) = Statistics.KolmogorovSmirnov(sample, x => x < 0 ? 0.5 * Math.Exp(x / scale) : 1 - 0.5 * Math.Exp(-x / scale), Alpha);
        Assert.True(distance < critical, $"KS distance {distance:F5} ≥ {critical:F5}");
        Assert.All(sample.Take(100), x => Assert.Equal(0, Math.IEEERemainder(x + value, grid.Granularity)));
    }

    [Fact]
    public void Noisy_max_picks_with_the_exact_report_noisy_max_probabilities()
    {
        // P[i wins] = Σ_z P[Z = z] Π_{j<i} P[u_j + Z_j < u_i + z] Π_{j>i} P[u_j + Z_j ≤ u_i + z] (lowest index wins ties),
        // with Z discrete Laplace of parameter p = exp(−ε/(2Δ)); summed over |z| ≤ 200 (the rest is below 1e-40).
        var bits = new SeededRandomBits(16);
        long[] utilities = [0, 1, 2, 3, 3];
        const double epsilon = 1.0;
        var part = new NoisyArgMax(utilities.Length, 1, epsilon);
        var p = Math.Exp(-epsilon / 2);
        double Pmf(long z) => (1 - p) / (1 + p) * Math.Pow(p, Math.Abs(z));
        double Cdf(long z) => z < 0 ? Math.Pow(p, -z) / (1 + p) : 1 - Math.Pow(p, z + 1) / (1 + p); // P[Z ≤ z]
        var probabilities = new double[utilities.Length];
        for (var i = 0; i < utilities.Length; i++)
            for (long z = -200; z <= 200; z++)
            {
                var term = Pmf(z);
                for (var j = 0; j < utilities.Length && term > 0; j++)
                    if (j != i) term *= Cdf(utilities[i] + z - utilities[j] - (j < i ? 1 : 0));
                probabilities[i] += term;
            }
        Assert.InRange(probabilities.Sum(), 1 - 1e-9, 1 + 1e-9);
        var counts = new long[utilities.Length];
        for (var i = 0; i < 200_000; i++) counts[part.SampleUncharged(utilities, bits)]++;
        var (statistic, critical, _) = Statistics.ChiSquare(counts, probabilities, Alpha);
        Assert.True(statistic < critical, $"χ² = {statistic:F1} ≥ {critical:F1}");
    }

    [Fact]
    public void Two_coin_randomized_response_says_yes_three_times_in_four_for_yes()
    {
        var bits = new SeededRandomBits(17);
        const int n = 200_000;
        var yesForYes = Enumerable.Range(0, n).Count(_ => RandomizedResponse.TwoCoin(bits, true));
        var yesForNo = Enumerable.Range(0, n).Count(_ => RandomizedResponse.TwoCoin(bits, false));
        var tolerance = Math.Sqrt(Math.Log(2 / Alpha) / (2 * n));
        Assert.InRange((double)yesForYes / n, 0.75 - tolerance, 0.75 + tolerance);
        Assert.InRange((double)yesForNo / n, 0.25 - tolerance, 0.25 + tolerance);
        Assert.InRange(RandomizedResponse.EstimateTwoCoinProportion(0.5 * yesForYes / n + 0.5 * yesForNo / n), 0.5 - 4 * tolerance, 0.5 + 4 * tolerance);
    }

    [Fact]
    public void K_ary_randomized_response_matches_its_distribution()
    {
        var bits = new SeededRandomBits(18);
        const int k = 5, truth = 2;
        const double epsilon = 1.2;
        var (s, t) = RandomizedResponse.ValidateKAry(truth, k, epsilon);
        var effective = (double)s / t;
        var p = Math.Exp(effective) / (Math.Exp(effective) + k - 1);
        var probabilities = Enumerable.Range(0, k).Select(j => j == truth ? p : (1 - p) / (k - 1)).ToArray();
        var counts = new long[k];
        for (var i = 0; i < 200_000; i++) counts[RandomizedResponse.KAry(bits, truth, k, s, t)]++;
        var (statistic, critical, _) = Statistics.ChiSquare(counts, probabilities, Alpha);
        Assert.True(statistic < critical, $"χ² = {statistic:F1} ≥ {critical:F1}");
        var estimate = RandomizedResponse.EstimateKAryFrequencies(counts, effective);
        Assert.InRange(estimate[truth], 0.97, 1.03);
    }

    [Fact]
    public void Secure_bits_are_not_constant()
    {
        var values = Enumerable.Range(0, 1000).Select(_ => SecureRandomBits.Instance.NextUInt64()).Distinct().Count();
        Assert.Equal(1000, values);
    }
}

public class UniformDrawTests
{
    [Fact]
    public void Wide_bounded_draws_are_uniform_over_the_high_part()
    {
        // bound = 3·2⁶⁴ + 2⁶³: quarters of width 2⁶⁴ except the last (half width). χ² at α = 1e-4 (false-failure rate 1e-4).
        var bits = new SeededRandomBits(41);
        var bound = new UInt128(3, 1UL << 63);
        var counts = new long[4];
        for (var i = 0; i < 70_000; i++) counts[(int)(ulong)(bits.NextBelow(bound) >> 64)]++;
        double[] probabilities = [2 / 7.0, 2 / 7.0, 2 / 7.0, 1 / 7.0];
        var (statistic, critical, _) = Statistics.ChiSquare(counts, probabilities, 1e-4);
        Assert.True(statistic < critical, $"χ² = {statistic:F1} ≥ {critical:F1}");
    }

    [Fact]
    public void Small_bounded_draws_are_uniform()
    {
        var bits = new SeededRandomBits(42);
        var counts = new long[7];
        for (var i = 0; i < 70_000; i++) counts[bits.NextBelow(7UL)]++;
        var (statistic, critical, _) = Statistics.ChiSquare(counts, Enumerable.Repeat(1 / 7.0, 7).ToArray(), 1e-4);
        Assert.True(statistic < critical, $"χ² = {statistic:F1} ≥ {critical:F1}");
    }
}
