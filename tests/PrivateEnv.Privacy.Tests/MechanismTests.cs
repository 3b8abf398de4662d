using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Mechanisms;

namespace PrivateEnv.Privacy.Tests;

public class MechanismTests
{
    /// <summary>Records charges, and can refuse them.</summary>
    private sealed class RecordingCharger(bool refuse = false) : IPrivacyCharger
    {
        public List<PrivacyCharge> Charges { get; } = [];

        public void Charge(PrivacyCharge charge)
        {
            if (refuse) throw new BudgetExceededException(new BudgetRefusal(BudgetScope.Session, null, charge.Epsilon, 0, 1, 0, 0, 0));
            Charges.Add(charge);
        }
    }

    public static TheoryData<string> Mechanisms() => ["laplace", "gaussian", "discrete-laplace", "discrete-gaussian", "exponential", "two-coin", "k-ary"];

    private static object Invoke(string mechanism, IPrivacyCharger charger) => mechanism switch
    {
        "laplace" => LaplaceMechanism.Release(charger, 10, 1, 0.5, "sum"),
        "gaussian" => GaussianMechanism.Release(charger, 10, 1, 0.5, 1e-6, "sum"),
        "discrete-laplace" => DiscreteLaplaceMechanism.Release(charger, 10, 1, 0.5, "count"),
        "discrete-gaussian" => DiscreteGaussianMechanism.Release(charger, 10, 1, 0.5, 1e-6, "count"),
        "exponential" => ExponentialMechanism.Choose(charger, [1, 2, 3], 1, 0.5, "mode"),
        "two-coin" => RandomizedResponse.TwoCoin(charger, true, "survey"),
        "k-ary" => RandomizedResponse.KAry(charger, 1, 4, 0.5, "survey"),
        _ => throw new ArgumentException(mechanism),
    };

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void Each_release_charges_once_with_its_event(string mechanism)
    {
        var charger = new RecordingCharger();
        Invoke(mechanism, charger);
        var charge = Assert.Single(charger.Charges);
        Assert.True(charge.Epsilon > 0);
        Assert.NotNull(charge.Event);
        Assert.Equal(charge.Event, PrivacyEvent.FromJson(charge.Event.ToJson()));
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void A_refused_charge_releases_nothing(string mechanism)
    {
        Assert.Throws<BudgetExceededException>(() => Invoke(mechanism, new RecordingCharger(refuse: true)));
    }

    [Fact]
    public void Invalid_parameters_fail_before_any_charge()
    {
        var charger = new RecordingCharger();
        Assert.Throws<ArgumentOutOfRangeException>(() => LaplaceMechanism.Release(charger, 1, 1, 0, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => LaplaceMechanism.Release(charger, 1, -1, 1, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianMechanism.Release(charger, 1, 1, 1, 0, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteLaplaceMechanism.Release(charger, 1, 0, 1, "x"));
        Assert.Throws<ArgumentException>(() => ExponentialMechanism.Choose(charger, [], 1, 1, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomizedResponse.KAry(charger, 5, 4, 1, "x"));
        Assert.Empty(charger.Charges);
    }

    [Fact]
    public void Laplace_release_lands_on_the_power_of_two_grid()
    {
        var grid = FineGrid.For(1.0);
        Assert.Equal(Math.ScaleB(1.0, -10), grid.Granularity);
        Assert.Equal(1025, grid.IntegerSensitivity);
        var released = LaplaceMechanism.Release(new RecordingCharger(), Math.PI, 1, 1, "pi");
        Assert.Equal(0, Math.IEEERemainder(released, grid.Granularity));
    }

    [Fact]
    public void Laplace_refuses_epsilon_below_the_floor_before_charging()
    {
        LaplaceMechanism.Validate(1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => LaplaceMechanism.Validate(1, double.NaN));
        var charger = new RecordingCharger();
        Assert.Throws<ArgumentOutOfRangeException>(() => LaplaceMechanism.Release(charger, 1, 1, 1e-12, "tiny"));
        Assert.Empty(charger.Charges);
    }

    [Fact]
    public void Non_finite_values_are_clamped_not_reported()
    {
        var charger = new RecordingCharger();
        Assert.True(double.IsFinite(LaplaceMechanism.Release(charger, double.NaN, 1, 1, "x")));
        Assert.True(double.IsFinite(LaplaceMechanism.Release(charger, double.PositiveInfinity, 1, 1, "x")));
    }

    [Fact]
    public void Gaussian_calibrations_agree_with_known_values()
    {
        // Classic: σ = √(2 ln(1.25/δ))/ε.
        Assert.Equal(Math.Sqrt(2 * Math.Log(1.25e5)) / 0.5, GaussianCalibration.ClassicSigma(1, 0.5, 1e-5), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianCalibration.ClassicSigma(1, 1.5, 1e-5));
        // Analytic: meets δ exactly and beats the classic bound (Balle & Wang 2018, Fig. 1).
        var analytic = GaussianCalibration.AnalyticSigma(1, 0.5, 1e-5);
        Assert.Equal(1e-5, GaussianCalibration.GaussianDelta(analytic, 0.5), 9);
        Assert.True(analytic < GaussianCalibration.ClassicSigma(1, 0.5, 1e-5));
        // Analytic σ at ε = 1, δ = 1e-5 is about 3.73 (Balle & Wang 2018, Table/Fig. 2 range).
        Assert.InRange(GaussianCalibration.AnalyticSigma(1, 1, 1e-5), 3.6, 3.9);
    }

    [Fact]
    public void Discrete_gaussian_calibration_meets_delta_and_stays_near_the_continuous_sigma()
    {
        var (a, b) = GaussianCalibration.DiscreteSigmaSquared(1025, 1, 1e-5);
        var sigma = Math.Sqrt((double)a / b);
        Assert.True(GaussianCalibration.DiscreteGaussianDelta((double)a / b, 1025, 1) <= 1e-5);
        var continuous = GaussianCalibration.AnalyticSigma(1025, 1, 1e-5);
        Assert.InRange(sigma / continuous, 0.99, 1.01);
    }

    /// <summary>
    /// Above the direct-summation limit the tails are bounded by integrals: the bounds contain the term-by-term sum
    /// (run here past the limit on purpose) and are within 10⁻³ of it relative, so the δ bound is valid and tight.
    /// </summary>
    [Theory]
    [InlineData(2e6)]
    [InlineData(3.3e7)]
    public void Discrete_gaussian_tail_bounds_contain_the_direct_sum(double sigmaSquared)
    {
        var sigma = Math.Sqrt(sigmaSquared);
        foreach (var m in new[] { -3 * sigma, -0.5 * sigma, -2.5, 0, 0.7 * sigma, sigma, 1.3 * sigma, 4 * sigma, 6.5 * sigma })
        {
            var direct = GaussianCalibration.DiscreteGaussianTail(sigmaSquared, m);
            var (lower, upper) = GaussianCalibration.DiscreteGaussianTailBounds(sigmaSquared, m);
            Assert.True(lower <= direct && direct <= upper, $"σ² {sigmaSquared}, m {m}: {lower} ≤ {direct} ≤ {upper} fails");
            Assert.True(upper - lower <= 1e-3 * direct, $"σ² {sigmaSquared}, m {m}: bounds {lower}, {upper} are loose around {direct}");
        }
    }

    /// <summary>At the ε floor the noise is σ ≈ 10¹⁰ grid steps; calibration and the ledger's ε take constant time (a
    /// term-by-term tail took 2.3 s at ε = 0.01 and would take hours here) and still meet δ.</summary>
    [Theory]
    [InlineData(0.01)]
    [InlineData(1.0 / (1 << 20))]
    public void Discrete_gaussian_calibration_and_cost_are_quick_for_tiny_epsilon(double epsilon)
    {
        var (a, b) = GaussianCalibration.DiscreteSigmaSquared(2049, epsilon, 1e-6);
        var sigmaSquared = (double)a / b;
        Assert.True(GaussianCalibration.DiscreteGaussianDelta(sigmaSquared, 2049, epsilon) <= 1e-6);
        Assert.InRange(Math.Sqrt(sigmaSquared) / GaussianCalibration.AnalyticSigma(2049, epsilon, 1e-6), 0.999, 1.01);
        var cost = PrivacyCost.Epsilon(new DiscreteGaussianEvent(2049, sigmaSquared), 1e-6);
        Assert.InRange(cost, epsilon * 0.99, epsilon * (1 + 1e-6));
    }

    [Fact]
    public void Sensitivity_helpers_clamp_and_bound()
    {
        Assert.Equal(0, Sensitivity.Clamp(double.NaN, 0, 5));
        Assert.Equal(5, Sensitivity.Clamp(9, 0, 5));
        Assert.Equal(7, Sensitivity.BoundedSum(-7, 5));
        Assert.Equal(12, Sensitivity.BoundedSumReplaceOne(-7, 5));
        Assert.Throws<ArgumentException>(() => Sensitivity.BoundedSum(5, -7));
    }
}

public class LargeNoiseTests
{
    [Fact]
    public void Small_epsilon_gaussian_uses_the_big_integer_sampler_and_still_releases()
    {
        var (grid, part) = GaussianMechanism.Plan(1, 0.002, 1e-6);
        Assert.True(part.Sigma * part.Sigma > 1UL << 40, "this case must exercise the big-integer path");
        var bits = new SeededRandomBits(31);
        var draws = Enumerable.Range(0, 300).Select(_ => grid.FromGrid(part.SampleUncharged(0, bits))).ToArray();
        var sd = Math.Sqrt(draws.Average(x => x * x));
        var expected = part.Sigma * grid.Granularity;
        Assert.InRange(sd / expected, 0.8, 1.2); // 300 draws: the sample sd is within ±20% with probability > 0.9999
    }
}
