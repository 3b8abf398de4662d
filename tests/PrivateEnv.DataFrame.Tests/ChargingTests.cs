using PrivateEnv.Privacy.Releases;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame.Tests;

public class ChargingTests
{
    public static TheoryData<string> Statistics() =>
    [
        "Count", "Sum", "Mean", "Var", "Std", "Median", "Quantile", "Percentile", "Min", "Max", "Histogram", "HistogramBins",
        "ValueCounts", "Cov", "Corr", "FrameCount", "Describe", "Histogram2D", "GroupBy",
    ];

    private static object Run(PrivateDataFrame df, string statistic, double eps) => statistic switch
    {
        "Count" => df["x"].Count(eps),
        "Sum" => df["x"].Sum(eps),
        "Mean" => df["x"].Mean(eps),
        "Var" => df["x"].Var(eps),
        "Std" => df["x"].Std(eps),
        "Median" => df["x"].Median(eps),
        "Quantile" => df["x"].Quantile(0.9, eps),
        "Percentile" => df["x"].Percentile(10, eps),
        "Min" => df["x"].Min(eps),
        "Max" => df["x"].Max(eps),
        "Histogram" => df["group"].Histogram(eps),
        "HistogramBins" => df["x"].Histogram(4, eps),
        "ValueCounts" => df["group"].ValueCounts(eps),
        "Cov" => df["x"].Cov(df["y"], eps),
        "Corr" => df.Corr("x", "y", eps),
        "FrameCount" => df.Count(eps),
        "Describe" => df.Describe(eps),
        "Histogram2D" => df.Histogram2D("group", "x", eps, bins: 3),
        "GroupBy" => df.GroupBy("group").Agg(eps, ("x", "mean"), ("*", "count"), ("y", "median")),
        _ => throw new ArgumentException(statistic),
    };

    [Theory]
    [MemberData(nameof(Statistics))]
    public void Each_statistic_charges_exactly_its_eps_once(string statistic)
    {
        var charger = new RecordingCharger();
        var df = TestData.Small(charger);
        Run(df, statistic, 0.7);
        var charge = Assert.Single(charger.Charges);
        Assert.Equal(0.7, charge.Epsilon, 12);
        Assert.Equal(0, charge.Delta);
        Assert.Equal(0.7, EventEpsilon(charge.Event), 9); // the event data agrees with the charged ε
        Assert.StartsWith("small", charge.Description);
    }

    [Theory]
    [MemberData(nameof(Statistics))]
    public void A_refused_charge_releases_nothing(string statistic)
    {
        var charger = new RecordingCharger(limit: 0.5);
        var df = TestData.Small(charger);
        var error = Assert.Throws<BudgetExceededException>(() => Run(df, statistic, 0.7));
        Assert.Contains("Budget exceeded", error.Message);
        Assert.Empty(charger.Charges);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_eps_is_rejected_before_charging(double eps)
    {
        var charger = new RecordingCharger();
        var df = TestData.Small(charger);
        Assert.Throws<ArgumentOutOfRangeException>(() => df["x"].Mean(eps));
        Assert.Throws<ArgumentOutOfRangeException>(() => df.Describe(eps));
        Assert.Empty(charger.Charges);
    }

    [Fact]
    public void Statistics_on_the_wrong_kind_explain_what_to_do()
    {
        var df = TestData.Small(new RecordingCharger());
        Assert.Contains("ValueCounts", Assert.Throws<InvalidOperationException>(() => df["group"].Mean(1)).Message);
        Assert.Contains("no statistics", Assert.Throws<InvalidOperationException>(() => df["note"].Sum(1)).Message);
        Assert.Contains("bins", Assert.Throws<InvalidOperationException>(() => df["x"].ValueCounts(1)).Message);
        Assert.Throws<InvalidOperationException>(() => df.GroupBy("x"));
    }

    [Fact]
    public void Requests_that_could_not_be_printed_fail_before_charging()
    {
        var charger = new RecordingCharger();
        var df = TestData.Small(charger);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => df.GroupBy("group").Agg(1, ("x", "mean"), ("x", "mean"))).Message);
        Assert.Throws<ArgumentException>(() => df.GroupBy("group").Agg(1, ("x", "mode")));
        Assert.Throws<ArgumentException>(() => df.GroupBy("group").Agg(1, ("*", "mean")));
        Assert.Empty(charger.Charges);
        // Names that clash with the result's own columns are renamed rather than failing after the charge.
        Assert.Equal(["count", "dp_count"], df["x"].Rename("count").IsIn(1.0, 2.0).Rename("count").Histogram(1).ColumnNames);
        Assert.Equal(["_statistic", "statistic"], df.Select("x").Rename("x", "statistic").Describe(1).ColumnNames);
    }

    [Fact]
    public void Sensitivities_in_the_release_plans_follow_the_declared_bounds()
    {
        var charger = new RecordingCharger();
        var df = TestData.Small(charger);
        // y in [-5, 5]: sensitivity max(|lo|, |hi|) = 5, on a power-of-two grid fixed by the bounds.
        Assert.Equal([(5.0, 1.0)], Parts(df["y"].PlanSum(1)));
        // x in [0, 10]: centred sum sensitivity 5 at ε/2, count sensitivity 1 at ε/2.
        Assert.Equal([(5.0, 0.5), (1.0, 0.5)], Parts(df["x"].PlanMean(1)));
        // Every charge is pure ε-DP (discrete Laplace or noisy max) with the whole ε.
        df["y"].Sum(1);
        Assert.Equal(1, Assert.IsType<PureDpEvent>(charger.Charges[^1].Event).Epsilon);
    }

    /// <summary>(sensitivity in value units, ε) of each Laplace part; (0, ε) for a noisy max.</summary>
    internal static List<(double Sensitivity, double Epsilon)> Parts<T>(PrivateEnv.DataFrame.Internal.PlannedRelease<T> plan) =>
        plan.Parts.Select(p => p switch
        {
            LaplaceSums l => (l.IntegerSensitivity * l.Granularity, Math.Round(l.Epsilon, 12)),
            NoisyArgMax m => (0.0, Math.Round(m.Epsilon, 12)),
            _ => throw new InvalidOperationException($"unexpected part {p.GetType().Name}"),
        }).ToList();

    [Fact]
    public void Composite_statistics_charge_the_documented_parts()
    {
        var charger = new RecordingCharger();
        var df = TestData.Small(charger); // x in [0, 10] (r = 5), y in [-5, 5] (r = 5)
        Assert.Equal([(1.0, 1.0), (5.0, 1.0), (25.0, 1.0)], Parts(df["x"].PlanVariance(3)));
        Assert.Equal([(1.0, 1.0), (5.0, 1.0), (5.0, 1.0), (25.0, 1.0)], Parts(df["x"].PlanCovariance(df["y"], 4, correlation: false)));
        Assert.Equal([(1.0, 1.0), (5.0, 1.0), (5.0, 1.0), (25.0, 1.0), (25.0, 1.0), (25.0, 1.0)], Parts(df["x"].PlanCovariance(df["y"], 6, correlation: true)));
        // One column: 10% count, 20% sum, 20% squares, 5 × 10% quantiles.
        Assert.Equal([(1.0, 1.0), (5.0, 2.0), (25.0, 2.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0)], Parts(df["x"].PlanDescribe(10)));
        // Charged as one composed event with the whole ε.
        df.Select("x").Describe(10);
        var composed = Assert.IsType<ComposedEvent>(charger.Charges[^1].Event);
        Assert.Equal(8, composed.Events.Count);
        Assert.Equal(10, EventEpsilon(composed), 9);
        // GroupBy: ε/2 per aggregation, charged once for all groups (one cell per group in each part).
        df.GroupBy("group").Agg(2, ("x", "sum"), ("*", "count"));
        Assert.Equal(2, EventEpsilon(charger.Charges[^1].Event), 9);
        Assert.Equal([1.0, 1.0], Assert.IsType<ComposedEvent>(charger.Charges[^1].Event).Events.Select(EventEpsilon));
        Assert.Equal([(1.0, 1.0)], Parts(df["group"].PlanCounts(3, () => [], 1)));
    }

    internal static double EventEpsilon(PrivacyEvent e) => e switch
    {
        PureDpEvent p => p.Epsilon,
        LaplaceEvent l => l.Epsilon,
        ComposedEvent c => c.Events.Sum(EventEpsilon),
        _ => throw new InvalidOperationException($"unexpected {e.GetType().Name}"),
    };
}
