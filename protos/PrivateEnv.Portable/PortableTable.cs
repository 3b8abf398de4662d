using System.Globalization;
using System.Net;
using System.Text;

namespace PrivateEnv.Portable;

/// <summary>
/// A public table in its portable form: column names and rows of text, as CSV carries them (RFC 4180 with a header
/// row; kind <see cref="PortableKind.Table"/>). An exported table becomes one in the kernel; PrivateEnv.DataFrame's
/// releasable PublicTable writes and parses its CSV through <see cref="ToCsv(IReadOnlyList{string}, IEnumerable{IReadOnlyList{string}})"/>
/// and <see cref="ParseCsv"/>. <see cref="Numbers"/> reads a numeric column.
/// </summary>
public sealed class PortableTable
{
    /// <summary>A table; every row has one field per column.</summary>
    public PortableTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        Columns = columns.ToList();
        var copied = new List<IReadOnlyList<string>>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Count != Columns.Count)
                throw new ArgumentException($"Row {copied.Count + 1} has {row.Count} fields, the table has {Columns.Count} columns.", nameof(rows));
            copied.Add(row.ToList());
        }
        Rows = copied;
    }

    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }
    public int RowCount => Rows.Count;

    /// <summary>The values of a column, as text.</summary>
    public IReadOnlyList<string> this[string column]
    {
        get
        {
            var index = IndexOf(column);
            return Rows.Select(r => r[index]).ToList();
        }
    }

    /// <summary>A numeric column as doubles (NaN where a cell is empty or not a number).</summary>
    public double[] Numbers(string column) =>
        this[column].Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();

    /// <summary>
    /// Parses RFC 4180 CSV with a header row: quoted fields, doubled quotes, CRLF or LF. Blank lines are skipped; every
    /// record must have as many fields as the header. An empty text is a table with no columns. Errors name line numbers
    /// and counts, never a field.
    /// </summary>
    public static PortableTable ParseCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var reader = new StringReader(csv);
        var records = ReadRecords(reader).Where(r => !(r.Count == 1 && r[0].Length == 0)).ToList();
        if (records.Count == 0) return new PortableTable([], []);
        for (var line = 1; line < records.Count; line++)
            if (records[line].Count != records[0].Count)
                throw new InvalidDataException($"CSV row {line + 1} has {records[line].Count} fields, the header has {records[0].Count}.");
        return new PortableTable(records[0], records.Skip(1).ToList());
    }

    /// <summary>
    /// The records of RFC 4180 CSV, one list of fields each, read as they come (the worker reads private datasets with it):
    /// quoted fields, doubled quotes, CRLF or LF; a CR outside quotes is dropped.
    /// </summary>
    public static IEnumerable<List<string>> ReadRecords(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var field = new StringBuilder();
        var record = new List<string>();
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else inQuotes = false;
                }
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': inQuotes = true; break;
                case ',': record.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    record.Add(field.ToString()); field.Clear();
                    yield return record;
                    record = new List<string>();
                    any = false;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (inQuotes) throw new InvalidDataException("CSV ends inside a quoted field.");
        if (any)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }

    /// <summary>This table as RFC 4180 CSV: the header, one line per row, each line ended by LF.</summary>
    public string ToCsv() => ToCsv(Columns, Rows);

    /// <summary>RFC 4180 CSV of a header and rows: fields with a comma, quote or line break are quoted; every line ends with LF.</summary>
    public static string ToCsv(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder(string.Join(",", columns.Select(Quote)));
        foreach (var row in rows) csv.Append('\n').Append(string.Join(",", row.Select(Quote)));
        return csv.Append('\n').ToString();
    }

    /// <summary>The field as CSV writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    /// <summary>An HTML table, values escaped.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in Columns) html.Append("<th>").Append(WebUtility.HtmlEncode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>An aligned plain-text table.</summary>
    public override string ToString()
    {
        var widths = Columns.Select((c, i) => Math.Max(c.Length, Rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in Rows)
            text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        return text.ToString().TrimEnd('\n', '\r');
    }

    private int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        throw new KeyNotFoundException($"No column '{column}'. Columns: {string.Join(", ", Columns)}.");
    }
}
