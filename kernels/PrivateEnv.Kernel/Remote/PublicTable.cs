using System.Text;
using PrivateEnv.Kernel.Rendering;

namespace PrivateEnv.Kernel.Remote;

/// <summary>
/// A small public table exported by a remote cell (a DP result table or a public frame, sent as CSV).
/// Values stay strings as sent; <see cref="Numbers"/> parses a numeric column.
/// </summary>
public sealed class PublicTable
{
    public PublicTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Columns = columns;
        Rows = rows;
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
            return Rows.Select(r => index < r.Count ? r[index] : "").ToList();
        }
    }

    /// <summary>A numeric column as doubles (NaN where a cell is empty or not a number).</summary>
    public double[] Numbers(string column) =>
        this[column].Select(v => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();

    /// <summary>Parses RFC 4180 CSV with a header row.</summary>
    public static PublicTable ParseCsv(string csv)
    {
        var records = CsvRecords(csv).ToList();
        if (records.Count == 0) return new PublicTable([], []);
        return new PublicTable(records[0], records.Skip(1).ToList());
    }

    public string ToHtml()
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in Columns) html.Append("<th>").Append(Html.Encode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td>").Append(Html.Encode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    public override string ToString()
    {
        var widths = Columns.Select((c, i) => Math.Max(c.Length, Rows.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in Rows)
            text.AppendLine(string.Join("  ", row.Select((c, i) => i < widths.Length ? c.PadRight(widths[i]) : c)).TrimEnd());
        return text.ToString().TrimEnd('\n', '\r');
    }

    private int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        throw new KeyNotFoundException($"No column '{column}'. Columns: {string.Join(", ", Columns)}.");
    }

    private static IEnumerable<List<string>> CsvRecords(string csv)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') i++;
                record.Add(field.ToString());
                field.Clear();
                yield return record;
                record = [];
            }
            else field.Append(c);
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
