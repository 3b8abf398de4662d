using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Accounting.Pld;

namespace PrivateEnv.Privacy.Tests;

public class PldAccountantTests
{
    // The three cheapest dp_accounting vectors run here; all eight run in the `accounting` benchmark.
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(6)]
    public void Matches_dp_accounting_within_2_percent(int index)
    {
        var c = AccountingVectors.Cases[index];
        var estimate = PrivacyBudget.Estimate(c.SampleSize, c.BatchSize, c.Epochs, c.NoiseMultiplier, c.Delta, AccountantKind.Pld);
        Assert.Null(estimate.Order);
        Assert.True(Math.Abs(estimate.Epsilon - c.PldEpsilon) <= 0.02 * c.PldEpsilon, $"ε = {estimate.Epsilon:R}, dp_accounting {c.PldEpsilon:R}");
    }

    [Fact]
    public void Seed_check_from_the_issue()
    {
        var rdp = PrivacyBudget.Estimate(60000, 250, 3, 1.3, 1e-5);
        Assert.Equal(0.563, rdp.Epsilon, 3);
        Assert.Equal(18, rdp.Order);
        Assert.Equal(720, rdp.Steps);
        var pld = PrivacyBudget.Estimate(60000, 250, 3, 1.3, 1e-5, AccountantKind.Pld);
        Assert.Equal(0.370, pld.Epsilon, 3);
    }

    // TF Privacy compute_dp_sgd_privacy_test: q = 0.01, σ = 0.7, 120 steps, δ = 1e-5 → PLD ε 2.4612381.
    [Fact]
    public void Matches_tf_privacy_pld_value()
    {
        var a = new PldAccountant();
        a.Compose(new SelfComposedEvent(new PoissonSampledEvent(0.01, new GaussianEvent(0.7)), 120));
        var epsilon = a.GetEpsilon(1e-5);
        Assert.True(Math.Abs(epsilon - 2.4612381) < 0.02 * 2.4612381, $"ε = {epsilon}");
    }

    [Fact]
    public void Unsampled_gaussian_matches_the_exact_curve()
    {
        // The Gaussian mechanism's exact δ(ε) = Φ(1/(2σ) − εσ) − e^ε Φ(−1/(2σ) − εσ) (Balle & Wang 2018, Thm 8).
        const double sigma = 2.0, epsilon = 0.5;
        var exact = Numerics.SpecialFunctions.NormalCdf(0.5 / sigma - epsilon * sigma)
                    - Math.Exp(epsilon) * Numerics.SpecialFunctions.NormalCdf(-0.5 / sigma - epsilon * sigma);
        var a = new PldAccountant();
        a.Compose(new GaussianEvent(sigma));
        var delta = a.GetDelta(epsilon);
        Assert.True(delta >= exact * (1 - 1e-9), "The pessimistic PLD must not under-report δ.");
        Assert.True(delta <= exact * 1.01, $"δ = {delta}, exact {exact}");
    }

    [Fact]
    public void Composing_gaussians_equals_one_gaussian_of_sigma_over_root_k()
    {
        var four = new PldAccountant();
        for (var i = 0; i < 4; i++) four.Compose(new GaussianEvent(2.0));
        var one = new PldAccountant();
        one.Compose(new GaussianEvent(1.0));
        Assert.Equal(one.GetEpsilon(1e-6), four.GetEpsilon(1e-6), 2);
    }

    [Fact]
    public void Pure_dp_events_compose_no_worse_than_basic_composition()
    {
        var a = new PldAccountant();
        a.Compose(new SelfComposedEvent(new PureDpEvent(0.1), 10));
        var epsilon = a.GetEpsilon(1e-6);
        Assert.True(epsilon <= 1.0 + 1e-3, $"ε = {epsilon}");
        Assert.True(epsilon > 0.3, $"ε = {epsilon} is implausibly small");
        var laplace = new PldAccountant();
        laplace.Compose(new LaplaceEvent(1, 2)); // ε = 0.5 pure
        Assert.True(laplace.GetEpsilon(0) <= 0.5 + 1e-3);
        Assert.True(laplace.GetDelta(0.5 + 1e-3) == 0);
    }

    [Fact]
    public void Fft_convolution_matches_direct_convolution()
    {
        var random = new Random(7);
        var a = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var fast = Fft.Convolve(a, b);
        for (var k = 0; k < fast.Length; k += 37)
        {
            var direct = 0.0;
            for (var i = 0; i < a.Length; i++) if (k - i >= 0 && k - i < b.Length) direct += a[i] * b[k - i];
            Assert.Equal(direct, fast[k], 9);
        }
    }

    [Fact]
    public void Zcdp_events_are_refused_with_a_clear_message()
    {
        var ex = Assert.Throws<NotSupportedException>(() => new PldAccountant().Compose(new ZcdpEvent(0.1)));
        Assert.Contains("RDP", ex.Message);
    }
}
