using System.Text.Json;

namespace PrivateEnv.Benchmarks;

/// <summary>A titled table of results, printed as aligned text or as JSON.</summary>
public sealed class BenchmarkTable(string title, params string[] columns)
{
    private readonly List<string[]> rows = [];

    public string Title { get; } = title;
    public IReadOnlyList<string> Columns { get; } = columns;

    public void Add(params object[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"Expected {Columns.Count} cells, got {cells.Length}.");
        rows.Add(cells.Select(Format).ToArray());
    }

    public string ToText()
    {
        var widths = Columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        var lines = new List<string> { Title, Line(Columns), "|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|" };
        lines.AddRange(rows.Select(Line));
        return string.Join(Environment.NewLine, lines);
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        title = Title,
        rows = rows.Select(r => Columns.Select((c, i) => (c, r[i])).ToDictionary(x => x.c, x => x.Item2)).ToList(),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static string Format(object cell) => cell switch
    {
        double d => d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
