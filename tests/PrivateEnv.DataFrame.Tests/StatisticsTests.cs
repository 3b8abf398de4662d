namespace PrivateEnv.DataFrame.Tests;

/// <summary>What each DP statistic estimates, checked with negligible noise (huge ε) against hand-computed truth.</summary>
public class StatisticsTests
{
    private readonly RecordingCharger charger = new();

    [Fact]
    public void Moments_match_the_truth_when_noise_is_negligible()
    {
        var df = TestData.Numbers(charger, [2, 4, 4, 4, 5, 5, 7, 9], 0, 10);
        var v = df["v"];
        Assert.Equal(5, v.Mean(TestData.Exact), 6);
        Assert.Equal(4, v.Var(TestData.Exact), 6);   // population variance
        Assert.Equal(2, v.Std(TestData.Exact), 6);
        Assert.Equal(40, v.Sum(TestData.Exact), 6);
    }

    [Fact]
    public void Quantiles_land_between_the_neighbouring_order_statistics_at_high_eps()
    {
        var df = TestData.Numbers(charger, Enumerable.Range(1, 101).Select(i => (double)i), 0, 200);
        Assert.InRange(df["v"].Median(1e4), 50, 52);
        Assert.InRange(df["v"].Percentile(90, 1e4), 90, 92);
        // The 0-quantile lies between the declared bound and the minimum's cell (cells are 200/4096 wide).
        const double cell = 200.0 / 4096;
        Assert.InRange(df["v"].Min(1e4), 0, 1 + cell);
        Assert.InRange(df["v"].Max(1e4), 101 - cell, 200);
    }

    [Fact]
    public void Cov_and_Corr_estimate_the_population_values()
    {
        var meta = """{"columns": {"a": {"type": "numeric", "lower": 0, "upper": 10}, "b": {"type": "numeric", "lower": 0, "upper": 20}}}""";
        var df = PrivateEnv.DataFrame.Hosting.PrivateDataFrameLoader.Load("t", new StringReader("a,b\n1,2\n2,4\n3,6\n4,8\n5,\n"), DatasetMetadata.Parse(meta), charger);
        Assert.Equal(2.5, df.Cov("a", "b", TestData.Exact), 5); // over the 4 complete rows: cov(1..4, 2..8) = 2·1.25
        Assert.Equal(1, df.Corr("a", "b", TestData.Exact), 5);
        Assert.Equal(-1, df["a"].Corr(df["b"] * -1, TestData.Exact), 5);
    }

    [Fact]
    public void Describe_prints_a_table_and_says_how_eps_was_split()
    {
        var table = TestData.Small(charger).Describe(TestData.Exact);
        Assert.Equal(["statistic", "x", "y", "flag"], table.ColumnNames);
        Assert.Equal(["count", "mean", "std", "min", "25%", "50%", "75%", "max"], table.Texts("statistic").Select(t => t ?? ""));
        Assert.Equal(5, table.GetNumber(0, "x"), 3);
        Assert.Equal(4, table.GetNumber(1, "x"), 3);            // (1 + 2 + 10 + 3 + 4) / 5
        Assert.Equal(4.0 / 6, table.GetNumber(1, "flag"), 3);
        Assert.Contains("ε=3.333E+08 per column for 3 column(s)", table.Note);
        Assert.Contains("Not summarised (not numeric): group, note", table.Note);
        Assert.Contains("statistic", table.ToDisplayText());
    }

    [Fact]
    public void Histograms_and_value_counts()
    {
        var df = TestData.Small(charger);
        var bins = df["x"].Histogram(2, TestData.Exact); // [0, 5): 1, 2, 3, 4; [5, 10]: 10
        Assert.Equal(["[0, 5)", "[5, 10]"], bins.Texts("bin").Select(t => t ?? ""));
        Assert.Equal([4.0, 1.0], bins.Numbers("count").Select(c => Math.Round(c!.Value, 3)));
        var counts = df["group"].ValueCounts(TestData.Exact);
        Assert.Equal("c", counts.Texts("group")[2]);               // a: 2, b: 2, c: 1; sorted by count
        var flags = df["flag"].Histogram(TestData.Exact);
        Assert.Equal(["false", "true"], flags.Texts("flag").Select(t => t ?? ""));
        // Histograms and value counts draw themselves as bar charts (one bar per row).
        Assert.Equal(2, bins.ToSvg().Split("<rect").Length - 1);
        Assert.Equal(2, flags.ToSvg().Split("<rect").Length - 1);
        Assert.Equal(3, counts.ToSvg().Split("<rect").Length - 1);
        var table = df.Histogram2D("group", "flag", TestData.Exact);
        Assert.Equal(["group", "false", "true"], table.ColumnNames);
        Assert.Equal([1.0, 1.0], new[] { table.GetNumber(0, "false"), table.GetNumber(0, "true") }.Select(c => Math.Round(c, 3)));
        Assert.Equal([1.0, 1.0], new[] { table.GetNumber(1, "false"), table.GetNumber(1, "true") }.Select(c => Math.Round(c, 3)));
    }

    [Fact]
    public void GroupBy_uses_declared_categories_and_parallel_composition()
    {
        var df = TestData.Small(charger);
        var grouped = df.GroupBy("group");
        Assert.Equal(["a", "b", "c"], grouped.Groups);
        var table = grouped.Agg(TestData.Exact, ("x", "mean"), ("*", "count"), ("y", "sum"));
        Assert.Equal(["group", "x_mean", "count", "y_sum"], table.ColumnNames);
        Assert.Equal([1.5, 6.5, 4.0], table.Numbers("x_mean").Select(v => Math.Round(v!.Value, 3)));
        Assert.Equal([2.0, 2.0, 1.0], table.Numbers("count").Select(v => Math.Round(v!.Value, 3)));
        Assert.Equal([-2.0, -1.0, 2.0], table.Numbers("y_sum").Select(v => Math.Round(v!.Value, 3)));
        Assert.Contains("parallel composition", table.Note);
        // Three groups cost ε once, not three times.
        Assert.Equal(TestData.Exact, charger.Charges[^1].Epsilon);
    }

    [Fact]
    public void An_empty_declared_group_still_appears()
    {
        var df = TestData.Small(charger);
        var only = df[df["group"].Eq("a")];
        var table = only.GroupBy("group").Count(TestData.Exact);
        Assert.Equal([2.0, 0.0, 0.0], table.Numbers("count").Select(v => Math.Round(v!.Value, 3)));
    }
}

public class LargeColumnTests
{
    [Fact]
    public void Quantiles_of_a_large_shuffled_column_with_negatives_are_right()
    {
        // 20,001 distinct values −10000..10000 in shuffled order exercise the radix sort (used above 2,048
        // values), including negative numbers and zero. At ε = 100 the exponential mechanism picks an
        // interval within a rank distance of ~1 of the target (P(distance > 5) < 1e-9 per call).
        var values = Enumerable.Range(-10_000, 20_001).Select(i => (double)i).OrderBy(v => (v * 7919) % 20_011).ToArray();
        var df = TestData.Numbers(new RecordingCharger(), values, -20_000, 20_000);
        Assert.InRange(df["v"].Median(100), -6, 6);
        Assert.InRange(df["v"].Quantile(0.25, 100), -5_006, -4_994);
        Assert.InRange(df["v"].Percentile(99, 100), 9_794, 9_806);
    }
}
