using System.Globalization;
using System.Net;
using System.Text;
using PrivateEnv.Portable;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A public table: DP results (Describe, histograms, GroupBy) or data the analyst brought in.
/// Every value is public, so it may leave the sandbox (<see cref="IReleasable"/>). Immutable;
/// columns are numeric (double, missing allowed) or text. Prints as an aligned text table.
/// </summary>
public sealed class PublicTable : IReleasable
{
    private readonly IReadOnlyList<Column> columns;
    /// <summary>A bar chart of Values by Labels, or (Values null) a heat map of every numeric column by the Labels rows.</summary>
    private readonly (string Labels, string? Values)? chart;

    private PublicTable(IReadOnlyList<Column> columns, string? note, (string Labels, string? Values)? chart = null)
    {
        this.columns = columns;
        Note = note;
        this.chart = chart;
    }

    /// <summary>A table with no columns and no rows; add columns with <see cref="WithColumn(string, IEnumerable{double})"/>.</summary>
    public static PublicTable Empty { get; } = new([], null);

    /// <summary>Number of rows.</summary>
    public int RowCount => columns.Count == 0 ? 0 : columns[0].Length;

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> ColumnNames => columns.Select(c => c.Name).ToList();

    /// <summary>How the numbers were obtained (e.g. how ε was split); printed under the table.</summary>
    public string? Note { get; }

    /// <summary>True when the column holds numbers.</summary>
    public bool IsNumeric(string column) => Find(column).Numbers is not null;

    /// <summary>A column's values (double? or string) by name.</summary>
    public IReadOnlyList<object?> this[string column]
    {
        get
        {
            var c = Find(column);
            return c.Numbers is { } numbers ? numbers.Select(v => (object?)v).ToList() : c.Texts!.Select(v => (object?)v).ToList();
        }
    }

    /// <summary>One cell (double? or string).</summary>
    public object? this[int row, string column]
    {
        get
        {
            var c = Find(column);
            if (row < 0 || row >= c.Length) throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside 0..{c.Length - 1}.");
            return c.Numbers is { } numbers ? numbers[row] : c.Texts![row];
        }
    }

    /// <summary>A numeric column as a copy (throws for text columns).</summary>
    public double?[] Numbers(string column) =>
        Find(column).Numbers?.ToArray() ?? throw new InvalidOperationException($"Column '{column}' holds text, not numbers; use Texts(\"{column}\").");

    /// <summary>A column as text (numbers formatted invariantly).</summary>
    public string?[] Texts(string column)
    {
        var c = Find(column);
        return c.Texts?.ToArray() ?? c.Numbers!.Select(v => v?.ToString("R", CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The number at (row, column); throws when it is missing or the column is text.</summary>
    public double GetNumber(int row, string column) =>
        this[row, column] is double value ? value
            : throw new InvalidOperationException($"Cell ({row}, '{column}') is not a number.");

    /// <summary>The row index whose text column equals <paramref name="value"/>, or −1.</summary>
    public int FindRow(string column, string value) => Array.IndexOf(Texts(column), value);

    /// <summary>A new table with this numeric column added (same row count as the others).</summary>
    public PublicTable WithColumn(string name, IEnumerable<double> values) =>
        With(new Column(name, values.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray(), null));

    /// <summary>A new table with this numeric column (null = missing) added.</summary>
    public PublicTable WithColumn(string name, IEnumerable<double?> values) =>
        With(new Column(name, values.Select(v => v is { } x && double.IsNaN(x) ? null : v).ToArray(), null));

    /// <summary>A new table with this text column (null = missing) added.</summary>
    public PublicTable WithColumn(string name, IEnumerable<string?> values) => With(new Column(name, null, values.ToArray()));

    /// <summary>The same table with a note printed under it.</summary>
    public PublicTable WithNote(string? note) => new(columns, note, chart);

    /// <summary>Marks the table to render as a bar chart of <paramref name="values"/> by <paramref name="labels"/> (histograms do this).</summary>
    public PublicTable WithBarChart(string labels, string values)
    {
        Find(labels);
        if (Find(values).Numbers is null) throw new ArgumentException($"Column '{values}' holds text; a bar chart needs numbers.");
        return new(columns, Note, (labels, values));
    }

    /// <summary>
    /// Marks the table to render as a heat map: one row per value of <paramref name="labels"/>, one column per other
    /// numeric column (2-D histograms and confusion matrices do this).
    /// </summary>
    public PublicTable WithHeatMap(string labels)
    {
        Find(labels);
        return new(columns, Note, (labels, null));
    }

    /// <summary>The chart as SVG when the table is marked as one (histograms: bars; 2-D histograms: a heat map), else "".</summary>
    public string ToSvg()
    {
        if (chart is not { } c) return "";
        var labels = Find(c.Labels);
        var rowLabels = Enumerable.Range(0, RowCount).Select(labels.Display).ToList();
        if (c.Values is null)
        {
            var cells = columns.Where(k => k.Name != c.Labels && k.Numbers is not null).ToList();
            return Rendering.SvgChart.HeatMap(c.Labels, rowLabels, cells.Select(k => k.Name).ToList(),
                rowLabels.Select((_, r) => cells.Select(k => k.Numbers![r] ?? 0).ToList()).ToList());
        }
        return Rendering.SvgChart.Bars(c.Values + " by " + c.Labels, rowLabels, Find(c.Values).Numbers!.Select(v => v ?? 0).ToList());
    }

    /// <summary>
    /// Parses CSV text with a header row (RFC 4180, read by the codec's <see cref="PortableTable.ParseCsv"/>). A column
    /// whose non-empty cells all parse as numbers (invariant culture) is numeric; others are text. Empty cells are missing.
    /// </summary>
    public static PublicTable ParseCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var parsed = PortableTable.ParseCsv(csv);
        if (parsed.Columns.Count == 0) throw new InvalidDataException("The CSV is empty: it needs a header row.");
        var table = Empty;
        for (var c = 0; c < parsed.Columns.Count; c++)
        {
            var raw = parsed.Rows.Select(r => r[c].Trim()).ToArray();
            var numeric = raw.All(v => v.Length == 0 || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            table = numeric && raw.Any(v => v.Length > 0)
                ? table.WithColumn(parsed.Columns[c].Trim(), raw.Select(v => v.Length == 0 ? (double?)null : double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)))
                : table.WithColumn(parsed.Columns[c].Trim(), raw.Select(v => v.Length == 0 ? null : v));
        }
        return table;
    }

    /// <summary>
    /// Makes this public table private under the given metadata JSON, in the current session
    /// (its budget pays for statistics of the result). Values outside declared bounds are clamped.
    /// </summary>
    public PrivateDataFrame ToPrivate(string metadataJson, string name = "table") => PrivateDataFrame.FromPublic(this, metadataJson, name);

    /// <summary>An aligned plain-text table (numbers right-aligned), then the note.</summary>
    public string ToDisplayText()
    {
        var cells = columns.Select(c => Enumerable.Range(0, c.Length).Select(c.Display).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Name.Length, cells[i].Length == 0 ? 0 : cells[i].Max(s => s.Length))).ToList();
        var text = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) text.Append("  ");
            text.Append(columns[i].Numbers is null ? columns[i].Name.PadRight(widths[i]) : columns[i].Name.PadLeft(widths[i]));
        }
        text.Append('\n').Append(new string('-', widths.Sum() + 2 * Math.Max(0, columns.Count - 1)));
        for (var r = 0; r < RowCount; r++)
        {
            text.Append('\n');
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) text.Append("  ");
                text.Append(columns[i].Numbers is null ? cells[i][r].PadRight(widths[i]) : cells[i][r].PadLeft(widths[i]));
            }
        }
        if (!string.IsNullOrEmpty(Note)) text.Append("\n\n").Append(Note);
        return text.ToString();
    }

    /// <summary>An HTML table (values escaped), then the note as a caption; a chart above it when the table is marked as one.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder(ToSvg()).Append("<table class=\"privateenv-table\">");
        if (!string.IsNullOrEmpty(Note)) html.Append("<caption>").Append(WebUtility.HtmlEncode(Note)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var c in columns) html.Append("<th>").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (var r = 0; r < RowCount; r++)
        {
            html.Append("<tr>");
            foreach (var c in columns)
                html.Append(c.Numbers is null ? "<td>" : "<td style=\"text-align:right\">").Append(WebUtility.HtmlEncode(c.Display(r))).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>RFC 4180 CSV with a header (the codec's <see cref="PortableTable"/> form); numbers round-trip exactly; the note is not included.</summary>
    public string ToCsv() => PortableTable.ToCsv(ColumnNames,
        Enumerable.Range(0, RowCount).Select(r => (IReadOnlyList<string>)columns
            .Select(c => c.Numbers is { } n ? n[r]?.ToString("R", CultureInfo.InvariantCulture) ?? "" : c.Texts![r] ?? "").ToList()));

    public override string ToString() => ToDisplayText();

    private PublicTable With(Column column)
    {
        if (string.IsNullOrWhiteSpace(column.Name)) throw new ArgumentException("A column needs a non-empty name.");
        if (columns.Any(c => c.Name == column.Name)) throw new ArgumentException($"The table already has a column '{column.Name}'.");
        if (columns.Count > 0 && column.Length != RowCount)
            throw new ArgumentException($"Column '{column.Name}' has {column.Length} values, the table has {RowCount} rows.");
        return new([.. columns, column], Note);
    }

    private Column Find(string column) => columns.FirstOrDefault(c => c.Name == column)
        ?? throw new ArgumentException($"No column '{column}'. Columns: {string.Join(", ", ColumnNames)}.");

    internal bool TryGetNumbers(string column, out double?[] numbers)
    {
        numbers = columns.FirstOrDefault(c => c.Name == column)?.Numbers ?? [];
        return columns.Any(c => c.Name == column && c.Numbers is not null);
    }

    internal bool HasColumn(string column) => columns.Any(c => c.Name == column);

    internal string?[] RawTexts(string column) => Find(column).Texts ?? [];

    private sealed record Column(string Name, double?[]? Numbers, string?[]? Texts)
    {
        public int Length => Numbers?.Length ?? Texts!.Length;

        public string Display(int row) => Numbers is { } n ? FormatNumber(n[row]) : Texts![row] ?? "";
    }

    internal static string FormatNumber(double? value)
    {
        if (value is not { } v) return "";
        if (double.IsNaN(v)) return "NaN";
        var magnitude = Math.Abs(v);
        return magnitude != 0 && (magnitude >= 1e9 || magnitude < 1e-4)
            ? v.ToString("G6", CultureInfo.InvariantCulture)
            : v.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
