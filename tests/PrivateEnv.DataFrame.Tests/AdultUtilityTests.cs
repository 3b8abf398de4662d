using System.Globalization;
using PrivateEnv.DataFrame.Hosting;

namespace PrivateEnv.DataFrame.Tests;

/// <summary>
/// Utility on real data: UCI Adult (32,561 rows) from ../shared/data/adult.csv beside the repo root.
/// Truth is computed here by a plain parse of the CSV, independently of the library. Each bound
/// is derived from the mechanism in the comments, then tested with its false-failure rate stated.
/// </summary>
public class AdultUtilityTests
{
    private const string Metadata = """
        {"description": "UCI Adult census extract",
         "columns": {
           "age": {"type": "numeric", "lower": 17, "upper": 90},
           "workclass": {"type": "text"},
           "education-num": {"type": "numeric", "lower": 1, "upper": 16},
           "sex": {"type": "categorical", "categories": ["Female", "Male"]},
           "capital-gain": {"type": "numeric", "lower": 0, "upper": 100000},
           "hours-per-week": {"type": "numeric", "lower": 1, "upper": 99},
           "income": {"type": "categorical", "categories": ["<=50K", ">50K"]}}}
        """;

    private const int Runs = 200;
    private static readonly Lazy<PrivateDataFrame> Adult = new(() =>
        PrivateDataFrameLoader.LoadCsv("adult", TestData.AdultCsvPath(), DatasetMetadata.Parse(Metadata), new RecordingCharger()));
    private static readonly Lazy<string[][]> Rows = new(() =>
        File.ReadLines(TestData.AdultCsvPath()).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray());

    private static double[] Column(int index) => Rows.Value.Select(r => double.Parse(r[index], CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void The_dataset_is_where_the_tests_expect_it()
    {
        Assert.True(File.Exists(TestData.AdultCsvPath()), $"Missing {TestData.AdultCsvPath()}");
        Assert.Equal(32_561, Rows.Value.Length);
    }

    [Fact]
    public void Mean_age_at_eps_1_is_within_half_a_year()
    {
        // Mean = m + (S + L₁)/(n + L₂), S = Σ(age − m), m = 53.5, r = 36.5,
        // L₁ ~ Lap(r/(ε/2)) = Lap(73), L₂ ~ Lap(1/(ε/2)) = Lap(2). Error = (L₁ − μ·L₂)/(n + L₂), μ = S/n.
        // P(|L₁| > a) = e^(−a/73), P(|L₂| > b) = e^(−b/2). With a = 73·ln(2e6), b = 2·ln(2e6):
        // |error| ≤ (a + |μ|·b)/(n − b) with probability ≥ 1 − 1e-6 per run.
        var ages = Column(0);
        var truth = ages.Average();
        var n = ages.Length;
        var mu = truth - 53.5;
        double a = 73 * Math.Log(2e6), b = 2 * Math.Log(2e6);
        var bound = (a + Math.Abs(mu) * b) / (n - b);
        Assert.True(bound < 0.05, $"derived bound {bound}");

        var errors = Enumerable.Range(0, Runs).Select(_ => Math.Abs(Adult.Value["age"].Mean(1.0) - truth)).ToList();
        // Requirement: ≥ 95% of runs within ±0.5. Stronger, from the derivation: every run within the
        // bound (false failure ≤ 200 · 1e-6 = 2e-4).
        Assert.True(errors.Count(e => e <= 0.5) >= 0.95 * Runs);
        Assert.True(errors.Max() <= bound, $"max error {errors.Max()} > derived bound {bound}");
    }

    [Fact]
    public void Median_hours_per_week_at_eps_1_is_within_two_hours()
    {
        // Exponential mechanism (Δu = 1): output density ∝ exp(−ε·|#{x < v} − n/2|/2) on [1, 99].
        // "Bad" outputs v ∉ [m − 2, m + 2] (m the true median) have #{x < v} ≤ #{x < m − 2} or ≥ #{x ≤ m + 2},
        // hence utility ≤ −D with D the smaller rank gap; their total mass ≤ 98·e^(−εD/2). The good region
        // holds an interval between data points of length L with utility −U, mass ≥ L·e^(−εU/2). So
        // P(bad) ≤ 98·e^(−ε(D − U)/2)/L, computed below from the data.
        var hours = Column(12).OrderBy(v => v).ToArray();
        var n = hours.Length;
        var median = hours[n / 2];
        var d = Math.Min(Math.Abs(hours.Count(h => h < median - 2) - n / 2.0), Math.Abs(hours.Count(h => h <= median + 2) - n / 2.0));
        var distinct = hours.Where(h => h >= median - 2 && h <= median + 2).Append(median - 2).Append(median + 2).Distinct().OrderBy(h => h).ToArray();
        var (goodLength, goodUtility) = distinct.Zip(distinct.Skip(1))
            .Select(p => (Length: p.Second - p.First, Gap: Math.Abs(hours.Count(h => h <= p.First) - n / 2.0)))
            .OrderBy(p => p.Gap).First();
        var badProbability = 98 * Math.Exp(-(d - goodUtility) / 2) / goodLength;
        Assert.True(badProbability < 1e-9, $"derived P(bad) {badProbability}");

        var results = Enumerable.Range(0, Runs).Select(_ => Adult.Value["hours-per-week"].Median(1.0)).ToList();
        // False failure ≤ 200 · P(bad) < 2e-7.
        Assert.All(results, r => Assert.InRange(r, median - 2, median + 2));
    }

    [Fact]
    public void Count_of_high_income_at_eps_1_is_within_ten()
    {
        // Count + Lap(1): P(|Lap(1)| > 10) = e^(−10) ≈ 4.5e-5 per run. Requirement: ≥ 95% of 200 runs
        // within ±10; failing needs ≥ 11 misses (false failure < 1e-40). Also E|Lap(1)| = 1: the mean
        // absolute error of 200 runs (sd ≈ 0.07) must lie in [0.6, 1.5] (false failure < 1e-6).
        var truth = Rows.Value.Count(r => r[14].Trim() == ">50K");
        var high = Adult.Value[Adult.Value["income"].Eq(">50K")];
        var errors = Enumerable.Range(0, Runs).Select(_ => Math.Abs(high.Count(1.0) - truth)).ToList();
        Assert.True(errors.Count(e => e <= 10) >= 0.95 * Runs);
        Assert.InRange(errors.Average(), 0.6, 1.5);
    }

    [Fact]
    public void Grouped_and_summary_statistics_are_close_to_the_truth_on_real_data()
    {
        var df = Adult.Value;
        var ages = Column(0);
        var sex = Rows.Value.Select(r => r[9].Trim()).ToArray();
        var femaleMean = ages.Where((_, i) => sex[i] == "Female").Average();
        var table = df.GroupBy("sex").Agg(1.0, ("age", "mean"), ("*", "count"));
        // Per group at ε/2 each: mean error ≲ 73·2·ln(2e6)/n_f ≈ 0.2 years (n_f ≈ 10,771) with prob ≥ 1 − 2e-6.
        Assert.InRange(table.GetNumber(0, "age_mean"), femaleMean - 0.3, femaleMean + 0.3);
        var summary = df.Describe(1.0);
        // Describe: age gets ε/5 per column → count at 0.02, error ≤ ln(1e6)/0.02 ≈ 700 with prob ≥ 1 − 1e-6.
        Assert.InRange(summary.GetNumber(0, "age"), ages.Length - 700, ages.Length + 700);
        Assert.InRange(summary.GetNumber(5, "age"), 30, 45); // the true median age is 37
    }
}
