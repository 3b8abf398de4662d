using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame.Tests;

public class MetadataTests
{
    [Theory]
    [InlineData("""{"columns": {"a": {"type": "numeric", "lower": 5, "upper": 1}}}""", "lower ≤ upper")]
    [InlineData("""{"columns": {"a": {"type": "numeric", "lower": 0, "upper": 1, "categories": ["x"]}}}""", "either numeric or categorical")]
    [InlineData("""{"columns": {"a": {"type": "categorical", "categories": ["x"], "lower": 0, "upper": 1}}}""", "either numeric or categorical")]
    [InlineData("""{"columns": {"a": {"type": "numeric", "lower": 0}}}""", "needs numeric \"lower\" and \"upper\"")]
    [InlineData("""{"columns": {"a": {"type": "categorical", "categories": []}}}""", "non-empty \"categories\"")]
    [InlineData("""{"columns": {"a": {"type": "categorical", "categories": ["x", "x"]}}}""", "twice")]
    [InlineData("""{"columns": {"a": {"type": "weird"}}}""", "unknown type")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"columns": """, "not valid JSON")]
    public void Bad_metadata_is_rejected_with_a_clear_message(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => DatasetMetadata.Parse(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Metadata_naming_a_column_the_data_lacks_is_rejected()
    {
        var meta = DatasetMetadata.Parse("""{"columns": {"missing_col": {"type": "numeric", "lower": 0, "upper": 1}}}""");
        var error = Assert.Throws<InvalidDataException>(() => PrivateDataFrameLoader.Load("d", new StringReader("a\n1\n"), meta, new RecordingCharger()));
        Assert.Contains("'missing_col'", error.Message);
    }

    [Fact]
    public void Values_outside_bounds_are_clamped_and_unknown_categories_become_missing()
    {
        var df = TestData.Small(new RecordingCharger());
        // Sum with negligible noise: 1 + 2 + 10 (12 clamped) + 3 + 4 = 20; the missing x is not counted.
        Assert.Equal(20, df["x"].Sum(TestData.Exact), 3);
        Assert.Equal(5, df["x"].Count(TestData.Exact), 3);
        var counts = df["group"].Histogram(TestData.Exact);
        Assert.Equal([2.0, 2.0, 1.0], counts.Numbers("count").Select(v => Math.Round(v!.Value, 3)));
        Assert.Equal(4, df["flag"].Sum(TestData.Exact), 3); // 1, 0, 1, 0, 1, true
    }

    [Fact]
    public void Columns_not_in_metadata_are_not_loaded()
    {
        var df = TestData.Small(new RecordingCharger());
        Assert.Equal(["x", "y", "group", "flag", "note"], df.Columns);
        Assert.Throws<ArgumentException>(() => df["ignored"]);
    }

    [Fact]
    public void Public_tables_become_private_under_metadata_with_the_session_charger()
    {
        var charger = new RecordingCharger();
        PrivacyContext.Install(charger);
        var table = PublicTable.Empty.WithColumn("age", new[] { 20.0, 30, 150 }).WithColumn("sex", new[] { "F", "M", "X" });
        var df = table.ToPrivate("""{"columns": {"age": {"type": "numeric", "lower": 0, "upper": 100}, "sex": {"type": "categorical", "categories": ["F", "M"]}}}""");
        Assert.Equal(150, df["age"].Sum(TestData.Exact), 3); // 20 + 30 + 100 (150 clamped)
        Assert.Equal(2, df["sex"].Count(TestData.Exact), 3); // "X" is not a declared category
        Assert.Equal(2, charger.Charges.Count);

        var error = Assert.Throws<InvalidDataException>(() => PrivateDataFrame.FromPublic(table, """{"columns": {"height": {"type": "numeric", "lower": 0, "upper": 3}}}"""));
        Assert.Contains("'height'", error.Message);
    }

    [Fact]
    public void In_memory_frames_are_copied_clamped_and_cleaned()
    {
        var source = new Microsoft.Data.Analysis.DataFrame(
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("v", new double?[] { 1, double.NaN, 50, null, -3 }),
            new Microsoft.Data.Analysis.StringDataFrameColumn("c", new[] { "a", "b", "zzz", null, "a" }));
        var meta = DatasetMetadata.Parse("""{"columns": {"v": {"type": "numeric", "lower": 0, "upper": 10}, "c": {"type": "categorical", "categories": ["a", "b"]}}}""");
        var df = PrivateDataFrameLoader.FromDataFrame("mem", source, meta, new RecordingCharger());
        source["v"][0] = 1000.0; // later changes to the source do not reach the private frame
        Assert.Equal(3, df["v"].Count(TestData.Exact), 3);      // NaN and null are missing
        Assert.Equal(1 + 10 + 0, df["v"].Sum(TestData.Exact), 3); // 50 → 10, −3 → 0
        Assert.Equal(3, df["c"].Count(TestData.Exact), 3);      // "zzz" is not a category
    }

    [Fact]
    public void Csv_text_parses_into_a_public_table()
    {
        var table = PublicTable.ParseCsv("name,score\nann,1.5\n\"b, c\",\nd,3\n");
        Assert.Equal(3, table.RowCount);
        Assert.True(table.IsNumeric("score"));
        Assert.False(table.IsNumeric("name"));
        Assert.Equal("b, c", table[1, "name"]);
        Assert.Null(table[1, "score"]);
        Assert.Equal(3.0, table.GetNumber(2, "score"));
    }
}
