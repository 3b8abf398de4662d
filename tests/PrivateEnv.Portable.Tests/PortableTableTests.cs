
namespace PrivateEnv.Portable.Tests;

public class PortableTableTests
{
    [Fact]
    public void Csv_round_trips_quotes_commas_and_line_breaks()
    {
        var table = new PortableTable(["name", "value"], [["a", "1.5"], ["d,\"e\"", ""], ["two\nlines", "-3"]]);
        var csv = table.ToCsv();
        Assert.Equal("name,value\na,1.5\n\"d,\"\"e\"\"\",\n\"two\nlines\",-3\n", csv);
        var back = PortableTable.ParseCsv(csv);
        Assert.Equal(table.Columns, back.Columns);
        Assert.Equal(table.Rows, back.Rows);
        Assert.Equal([1.5, double.NaN, -3], back.Numbers("value"));
        Assert.Equal(["a", "d,\"e\"", "two\nlines"], back["name"]);
    }

    [Fact]
    public void Parsing_accepts_crlf_skips_blank_lines_and_needs_even_rows()
    {
        var table = PortableTable.ParseCsv("a,b\r\n1,2\r\n\r\n3,4");
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["2", "4"], table["b"]);
        Assert.Empty(PortableTable.ParseCsv("").Columns);
        Assert.Equal("CSV row 3 has 1 fields, the header has 2.", Assert.Throws<InvalidDataException>(() => PortableTable.ParseCsv("a,b\n1,2\n3\n")).Message);
        Assert.Equal("CSV ends inside a quoted field.", Assert.Throws<InvalidDataException>(() => PortableTable.ParseCsv("a\n\"open")).Message);
        Assert.Throws<ArgumentException>(() => new PortableTable(["a"], [["1", "2"]]));
        Assert.Contains("No column 'c'", Assert.Throws<KeyNotFoundException>(() => table["c"]).Message);
    }

    [Fact]
    public void Html_and_text_escape_and_align()
    {
        var table = new PortableTable(["region", "n"], [["<b>", "12"], ["south, east", "3"]]);
        Assert.Equal("<table><thead><tr><th>region</th><th>n</th></tr></thead><tbody><tr><td>&lt;b&gt;</td><td>12</td></tr><tr><td>south, east</td><td>3</td></tr></tbody></table>", table.ToHtml());
        Assert.Equal("region       n\n<b>          12\nsouth, east  3", table.ToString());
    }
}
