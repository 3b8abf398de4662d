namespace PrivateEnv.DataFrame.Tests;

public class PublicTableTests
{
    private static readonly PublicTable Table = PublicTable.Empty
        .WithColumn("name", new[] { "a", "b<c>", "d,\"e\"" })
        .WithColumn("value", new double?[] { 1.5, null, 12345.678 })
        .WithNote("a note");

    [Fact]
    public void Display_text_is_aligned_with_numbers_right_and_text_left()
    {
        var lines = Table.ToDisplayText().Split('\n');
        Assert.Equal("name       value", lines[0]);
        Assert.Equal("----------------", lines[1]);
        Assert.Equal("a            1.5", lines[2]);
        Assert.Equal("b<c>            ", lines[3]);
        Assert.Equal("d,\"e\"  12345.678", lines[4]);
        Assert.Equal("a note", lines[^1]);
        Assert.Equal(Table.ToDisplayText(), Table.ToString());
    }

    [Fact]
    public void Html_escapes_and_csv_quotes()
    {
        Assert.Contains("<td>b&lt;c&gt;</td>", Table.ToHtml());
        Assert.Contains("<caption>a note</caption>", Table.ToHtml());
        Assert.Equal("name,value\na,1.5\nb<c>,\n\"d,\"\"e\"\"\",12345.678\n", Table.ToCsv());
        var back = PublicTable.ParseCsv(Table.ToCsv());
        Assert.Equal(Table.Texts("name"), back.Texts("name"));
        Assert.Equal(Table.Numbers("value"), back.Numbers("value"));
    }

    [Fact]
    public void A_table_marked_as_a_bar_chart_draws_escaped_bars_above_its_html_table()
    {
        Assert.Equal("", Table.ToSvg());
        var chart = Table.WithBarChart("name", "value");
        var svg = chart.ToSvg();
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg);
        Assert.Equal(3, svg.Split("<rect").Length - 1);
        Assert.Contains("b&lt;c&gt;", svg);
        Assert.DoesNotContain("<c>", svg);
        Assert.DoesNotContain("<script", svg);
        Assert.StartsWith(svg, chart.ToHtml());
        Assert.Equal(chart.ToSvg(), chart.WithNote("kept").ToSvg());
        Assert.Throws<ArgumentException>(() => Table.WithBarChart("name", "name"));
    }

    [Fact]
    public void Column_access_and_errors()
    {
        Assert.Equal(3, Table.RowCount);
        Assert.Equal(["name", "value"], Table.ColumnNames);
        Assert.Equal(1.5, Table["value"][0]);
        Assert.Equal(1, Table.FindRow("name", "b<c>"));
        Assert.Contains("No column 'nope'", Assert.Throws<ArgumentException>(() => Table["nope"]).Message);
        Assert.Throws<ArgumentException>(() => Table.WithColumn("x", new[] { 1.0 }));
        Assert.Throws<ArgumentException>(() => Table.WithColumn("name", new[] { 1.0, 2, 3 }));
        Assert.IsAssignableFrom<PrivateEnv.Privacy.IReleasable>(Table);
    }

    /// <summary>Charts stay well-formed XML whatever the labels hold: markup is encoded, forbidden characters replaced.</summary>
    [Fact]
    public void Heat_maps_and_bar_charts_are_well_formed_svg_for_hostile_labels()
    {
        var table = PublicTable.Empty.WithColumn("row", new[] { "\u0001\uD800", "</text><script>x</script>", "ok & \"q\"" })
            .WithColumn("a", new[] { 1.0, 2.0, 3.0 }).WithColumn("b\u0002", new[] { -1.0, 0.0, double.NaN });
        foreach (var svg in new[] { table.WithHeatMap("row").ToSvg(), table.WithBarChart("row", "a").ToSvg() })
        {
            var document = System.Xml.Linq.XDocument.Parse(svg);   // throws on malformed XML
            Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName == "script");
            Assert.Contains("\uFFFD", svg);
        }
    }
}
