namespace PrivateEnv.DataFrame.Tests;

/// <summary>Free transformations: values checked through DP statistics at an ε so large the noise is invisible.</summary>
public class TransformationTests
{
    private readonly RecordingCharger charger = new();

    private PrivateDataFrame Frame(params double[] values) => TestData.Numbers(charger, values, -10, 10);

    [Fact]
    public void Scalar_arithmetic_propagates_bounds()
    {
        var s = Frame(1, 2, 3)["v"];
        Assert.Equal((-8.0, 12.0), Bounds(s + 2));
        Assert.Equal((-13.0, 7.0), Bounds(s - 3));
        Assert.Equal((-7.0, 13.0), Bounds(3 - s));
        Assert.Equal((-30.0, 30.0), Bounds(s * -3));
        Assert.Equal((-5.0, 5.0), Bounds(s / 2));
        Assert.Equal(12, ((s + 2) * 2).Sum(TestData.Exact) - 12, 3); // (3+4+5)*2 - 12
        Assert.Throws<DivideByZeroException>(() => s / 0);
        Assert.Contains("include 0", Assert.Throws<InvalidOperationException>(() => 1 / s).Message);
        Assert.Equal((0.1, 1.0), Bounds(1 / s.Clip(1, 10)));
    }

    [Fact]
    public void Series_arithmetic_uses_corner_bounds()
    {
        var meta = """{"columns": {"a": {"type": "numeric", "lower": -2, "upper": 3}, "b": {"type": "numeric", "lower": 4, "upper": 5}}}""";
        var df = PrivateEnv.DataFrame.Hosting.PrivateDataFrameLoader.Load("t", new StringReader("a,b\n1,4\n-2,5\n3,4.5\n"), DatasetMetadata.Parse(meta), charger);
        var (a, b) = (df["a"], df["b"]);
        Assert.Equal((2.0, 8.0), Bounds(a + b));
        Assert.Equal((-7.0, -1.0), Bounds(a - b));
        Assert.Equal((-10.0, 15.0), Bounds(a * b)); // corners: -8, -10, 12, 15
        Assert.Equal((-0.5, 0.75), Bounds(a / b));  // corners: -0.5, -0.4, 0.75, 0.6
        Assert.Equal(4 - 10 + 13.5, (a * b).Sum(TestData.Exact), 3);
        Assert.Contains("include 0", Assert.Throws<InvalidOperationException>(() => b / a).Message);
    }

    [Fact]
    public void Abs_clip_round_and_map_give_sound_bounds()
    {
        var s = Frame(-4, 1, 3)["v"];
        Assert.Equal((0.0, 10.0), Bounds(s.Abs()));
        Assert.Equal(8, s.Abs().Sum(TestData.Exact), 3);
        Assert.Equal((-2.0, 2.0), Bounds(s.Clip(-2, 2)));
        Assert.Equal(1, s.Clip(-2, 2).Sum(TestData.Exact), 3); // -2 + 1 + 2
        Assert.Equal((5.0, 7.0), Bounds(s.Clip(5, 7)));
        var mapped = s.Map(x => x * x, 0, 10); // 16 is clamped to the declared 10
        Assert.Equal((0.0, 10.0), Bounds(mapped));
        Assert.Equal(10 + 1 + 9, mapped.Sum(TestData.Exact), 3);
        Assert.Equal((-10.0, 10.0), Bounds(s.Round()));
    }

    [Fact]
    public void A_throwing_map_function_gives_missing_values_not_an_error()
    {
        // Whether the function throws depends on private values, so an error would leak them.
        var s = Frame(1, 5, 9)["v"];
        var mapped = s.Map(x => x > 4 ? throw new ArithmeticException($"value {x}") : x, 0, 10);
        Assert.Equal(1, mapped.Count(TestData.Exact), 3);
        Assert.Equal(1, mapped.Sum(TestData.Exact), 3);
    }

    [Fact]
    public void Comparisons_give_boolean_masks_that_filter_rows()
    {
        var df = TestData.Small(charger);
        var mask = df["x"] > 1.5;
        Assert.Equal(ColumnKind.Boolean, mask.Kind);
        Assert.Equal(4, mask.Sum(TestData.Exact), 3); // x = 1, 2, 10, 3, missing, 4: true for 2, 10, 3, 4
        Assert.Equal(4, df[df["x"] >= 2].Count(TestData.Exact), 3);
        Assert.Equal(2, df.Where(df["group"].Eq("a")).Count(TestData.Exact), 3);
        Assert.Equal(3, df[df["group"].IsIn("a", "c")].Count(TestData.Exact), 3);
        Assert.Equal(2, df[(df["x"] > 1.5) & df["group"].Eq("b")]["y"].Count(TestData.Exact), 3);
        Assert.Equal(2, df[!(df["x"] > 1.5)].Count(TestData.Exact), 3); // x = 1 and the missing x
        Assert.Equal(1, df[df["x"].IsNa()].Count(TestData.Exact), 3);
    }

    [Fact]
    public void Series_of_different_datasets_cannot_be_combined_but_filters_of_one_line_up_by_row()
    {
        var df = TestData.Small(charger);
        var other = TestData.Small(charger);
        var error = Assert.Throws<InvalidOperationException>(() => df["x"] + other["x"]);
        Assert.Contains("same dataset", error.Message);
        Assert.Throws<InvalidOperationException>(() => df[other["x"] > 2]);
        Assert.Throws<InvalidOperationException>(() => df.Assign("z", other["x"]));
        var concatenated = PrivateDataFrame.Concat(df, df);
        Assert.Throws<InvalidOperationException>(() => concatenated["x"] + df["x"]);
        // Filters of one dataset stay aligned slot by slot: x = 2, 10, 3, 4 pass; their y are 0, 4, −5, 2.
        var filtered = df[df["x"] > 1];
        Assert.Equal(2 * (2 + 10 + 3 + 4), (df["x"] + filtered["x"]).Sum(TestData.Exact), 3);
        Assert.Equal(1, df[filtered["x"] > 1.5]["y"].Sum(TestData.Exact), 3);
        // Assign keeps the frame's rows; a row the series does not cover gets a missing value (pandas aligns by index).
        var assigned = df.Assign("z", filtered["x"]);
        Assert.Equal(4, assigned["z"].Count(TestData.Exact), 3);
        Assert.Equal(6, assigned["y"].Count(TestData.Exact), 3);
    }

    [Fact]
    public void FillNa_DropNa_AsType_Rename_Where_and_select()
    {
        var df = TestData.Small(charger);
        Assert.Equal(6, df["x"].FillNa(0).Count(TestData.Exact), 3);
        Assert.Equal((-20.0, 10.0), Bounds(df["x"].FillNa(-20)));
        Assert.Equal(5, df.DropNa("x").Count(TestData.Exact), 3);
        Assert.Equal(4, df.DropNa().Count(TestData.Exact), 3); // missing x, missing group and missing note drop rows 4 and 5
        Assert.Equal(ColumnKind.Numeric, df["flag"].AsType(ColumnKind.Numeric).Kind);
        Assert.Equal(ColumnKind.Text, df["group"].AsType(ColumnKind.Text).Kind);
        Assert.Throws<InvalidOperationException>(() => df["group"].AsType(ColumnKind.Numeric));
        Assert.Equal("z", df["x"].Rename("z").Name);
        var replaced = df["x"].Where(df["group"].Eq("a"), -1);
        Assert.Equal(1 + 2 - 1 - 1 - 1 - 1, replaced.FillNa(-1).Sum(TestData.Exact), 3);
        Assert.Equal(["y", "x"], df[new[] { "y", "x" }].Columns);
        Assert.Equal(["group", "y"], df["group", "y"].Columns);
        Assert.Equal(["x", "group"], df.Select("x", "group").Columns);
        Assert.Equal(["x2", "y"], df.Select("x", "y").Rename("x", "x2").Columns);
        Assert.DoesNotContain("note", df.Drop("note").Columns);
    }

    [Fact]
    public void OneHot_encoding_and_assignment()
    {
        var df = TestData.Small(charger);
        var encoded = df.OneHotEncode("group");
        Assert.Equal(["x", "y", "group_a", "group_b", "group_c", "flag", "note"], encoded.Columns);
        Assert.Equal(2, encoded["group_b"].Sum(TestData.Exact), 3);
        var withSum = df.Assign("x_plus_y", df["x"] + df["y"]);
        Assert.Equal(-1 + 2 + 14 - 2 + 6, withSum["x_plus_y"].Sum(TestData.Exact), 3);
        Assert.Equal((-5.0, 15.0), Bounds(withSum["x_plus_y"]));
    }

    [Fact]
    public void Join_with_a_public_lookup_and_with_a_frame_of_the_same_rows()
    {
        var df = TestData.Small(charger);
        var lookup = PublicTable.Empty.WithColumn("group", new[] { "a", "b" }).WithColumn("weight", new[] { 10.0, 20 }).WithColumn("label", new[] { "first", "second" });
        var joined = df.Join(lookup, "group");
        Assert.Equal((10.0, 20.0), Bounds(joined["weight"]));
        Assert.Equal(10 + 10 + 20 + 20, joined["weight"].Sum(TestData.Exact), 3); // "c" and the missing group find no row
        Assert.Equal(["first", "second"], joined["label"].Categories);
        var duplicate = PublicTable.Empty.WithColumn("group", new[] { "a", "a" });
        Assert.Contains("unique", Assert.Throws<ArgumentException>(() => df.Join(duplicate, "group")).Message);
        var side = df.Select("x").Join(df.Select("y"));
        Assert.Equal(["x", "y"], side.Columns);
        // A frame of a filter of the same rows joins as a left join on the row: y only where x > 1 (0 + 4 − 5 + 2).
        var left = df.Select("x").Join(df[df["x"] > 1].Select("y"));
        Assert.Equal(1, left["y"].Sum(TestData.Exact), 3);
        Assert.Equal(5, left["x"].Count(TestData.Exact), 3);
        Assert.Throws<InvalidOperationException>(() => df.Select("x").Join(TestData.Small(charger).Select("y")));
    }

    [Fact]
    public void Concat_adds_rows_and_multiplies_sensitivity()
    {
        var df = TestData.Small(charger);
        var both = PrivateDataFrame.Concat(df, df[df["group"].Eq("a")]);
        Assert.Equal(2, both.MaxRowsPerIndividual);
        Assert.Equal(8, both.Count(TestData.Exact), 3);
        var part = Assert.IsType<PrivateEnv.Privacy.Releases.LaplaceSums>(Assert.Single(both.PlanRowCount(1).Parts));
        Assert.Equal(2, part.IntegerSensitivity); // one person can be in both parts
    }

    [Fact]
    public void TrainTestSplit_partitions_rows_and_Sample_keeps_about_the_fraction()
    {
        var df = TestData.Numbers(charger, Enumerable.Range(0, 20_000).Select(i => (double)(i % 7)), 0, 10);
        var (train, test) = df.TrainTestSplit(0.25);
        var trainCount = train.Count(TestData.Exact);
        var testCount = test.Count(TestData.Exact);
        Assert.Equal(20_000, trainCount + testCount, 3);
        // Binomial(20000, 0.25): sd ≈ 61; ±600 is a 9.8-sigma band (false failure < 1e-20).
        Assert.InRange(testCount, 5000 - 600, 5000 + 600);
        var sample = df.Sample(0.1).Count(TestData.Exact);
        Assert.InRange(sample, 2000 - 450, 2000 + 450); // sd ≈ 42; 10-sigma band
    }

    private static (double, double) Bounds(PrivateSeries s) => (Math.Round(s.Lower!.Value, 9), Math.Round(s.Upper!.Value, 9));
}
