using PrivateEnv.Privacy.Accounting;

namespace PrivateEnv.Privacy.Tests;

public class PrivacyBudgetTests
{
    [Theory]
    [MemberData(nameof(AccountingVectors.CalibrationIndexes), MemberType = typeof(AccountingVectors))]
    public void Rdp_calibration_matches_dp_accounting_to_1e3_relative(int index)
    {
        var c = AccountingVectors.Calibrations[index];
        var sigma = PrivacyBudget.CalibrateNoiseMultiplier(c.SampleSize, c.BatchSize, c.Epochs, c.TargetEpsilon, c.Delta);
        Assert.True(Math.Abs(sigma - c.RdpNoiseMultiplier) <= 1e-3 * c.RdpNoiseMultiplier, $"σ = {sigma:R}, dp_accounting {c.RdpNoiseMultiplier:R}");
        var achieved = PrivacyBudget.Estimate(c.SampleSize, c.BatchSize, c.Epochs, sigma, c.Delta).Epsilon;
        Assert.True(achieved <= c.TargetEpsilon, "Calibration must meet the target.");
        Assert.True(achieved >= c.TargetEpsilon - 1e-6, $"achieved ε {achieved} is not tight");
    }

    [Fact]
    public void Pld_calibration_meets_the_target_within_0_01()
    {
        var sigma = PrivacyBudget.CalibrateNoiseMultiplier(60000, 250, 3, 0.5, 1e-5, AccountantKind.Pld);
        var achieved = PrivacyBudget.Estimate(60000, 250, 3, sigma, 1e-5, AccountantKind.Pld).Epsilon;
        Assert.InRange(achieved, 0.49, 0.5);
        Assert.True(sigma < PrivacyBudget.CalibrateNoiseMultiplier(60000, 250, 3, 0.5, 1e-5), "PLD is tighter than RDP, so it needs less noise.");
    }

    [Fact]
    public void Dp_sgd_event_is_the_poisson_sampled_gaussian_self_composed()
    {
        var e = PrivacyBudget.DpSgdEvent(60000, 256, 60, 1.1);
        var composed = Assert.IsType<SelfComposedEvent>(e);
        Assert.Equal(14063, composed.Count);
        var sampled = Assert.IsType<PoissonSampledEvent>(composed.Inner);
        Assert.Equal(256.0 / 60000, sampled.SamplingProbability);
        Assert.Equal(1.1, Assert.IsType<GaussianEvent>(sampled.Inner).NoiseMultiplier);
        Assert.Equal(e, PrivacyEvent.FromJson(e.ToJson()));
    }

    [Theory]
    [InlineData(0, 10, 1, 1.0, 1e-5, "sampleSize")]
    [InlineData(100, 0, 1, 1.0, 1e-5, "batchSize")]
    [InlineData(100, 200, 1, 1.0, 1e-5, "cannot exceed")]
    [InlineData(100, 10, 0, 1.0, 1e-5, "epochs")]
    [InlineData(100, 10, double.NaN, 1.0, 1e-5, "epochs")]
    [InlineData(100, 10, 1, 0.0, 1e-5, "noiseMultiplier")]
    [InlineData(100, 10, 1, -1.0, 1e-5, "noiseMultiplier")]
    [InlineData(100, 10, 1, double.NaN, 1e-5, "noiseMultiplier")]
    [InlineData(100, 10, 1, 1.0, 0.0, "targetDelta")]
    [InlineData(100, 10, 1, 1.0, 1.0, "targetDelta")]
    [InlineData(100, 10, 1, 1.0, double.NaN, "targetDelta")]
    public void Bad_input_is_an_argument_exception_naming_the_problem(long n, long batch, double epochs, double sigma, double delta, string mentions)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => PrivacyBudget.Estimate(n, batch, epochs, sigma, delta));
        Assert.Contains(mentions, ex.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Calibration_rejects_bad_targets(double targetEpsilon)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => PrivacyBudget.CalibrateNoiseMultiplier(60000, 256, 1, targetEpsilon, 1e-5));
        Assert.Contains("targetEpsilon", ex.Message);
    }

    [Theory]
    [InlineData(AccountantKind.Rdp, 1e-9)]
    [InlineData(AccountantKind.Pld, 1e-4)]
    public void Epsilon_by_epoch_matches_a_fresh_estimate_of_every_prefix(AccountantKind accountant, double relativeTolerance)
    {
        // 60,000 / 250 = 240 steps per epoch, so the prefixes are exactly the runs of 1, 2, … epochs.
        var byEpoch = PrivacyBudget.EpsilonByEpoch(60_000, 250, 6, 1.1, 1e-5, accountant);
        Assert.Equal(6, byEpoch.Length);
        for (var k = 1; k <= 6; k++)
        {
            var fresh = PrivacyBudget.Estimate(60_000, 250, k, 1.1, 1e-5, accountant).Epsilon;
            Assert.True(Math.Abs(byEpoch[k - 1] - fresh) <= relativeTolerance * fresh, $"epoch {k}: {byEpoch[k - 1]} vs {fresh}");
        }
        Assert.True(byEpoch.Zip(byEpoch.Skip(1)).All(p => p.First < p.Second), "ε grows with every epoch");
    }
}
