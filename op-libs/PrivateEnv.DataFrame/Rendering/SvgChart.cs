using System.Globalization;
using System.Net;
using System.Text;

namespace PrivateEnv.DataFrame.Rendering;

/// <summary>
/// Small self-contained SVG charts of public numbers (DP histograms, training histories), for
/// notebooks. Every label is escaped; the markup contains no script, links or external references.
/// </summary>
public static class SvgChart
{
    private const int Width = 480, Height = 220, Left = 56, Right = 12, Top = 24, Bottom = 48;

    /// <summary>A bar per label; negative values (DP noise can make them) hang below the zero line.</summary>
    public static string Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values)
    {
        var (lo, hi) = Range(values.Append(0));
        var svg = Begin(title);
        Axis(svg, lo, hi);
        var slot = (double)(Width - Left - Right) / Math.Max(1, labels.Count);
        var zero = Y(0, lo, hi);
        for (var i = 0; i < labels.Count; i++)
        {
            var y = Y(values[i], lo, hi);
            var x = Left + i * slot + slot * 0.1;
            svg.Append(Invariant($"<rect x=\"{x:F1}\" y=\"{Math.Min(y, zero):F1}\" width=\"{slot * 0.8:F1}\" height=\"{Math.Abs(zero - y):F1}\" fill=\"#4878a8\"><title>"))
               .Append(Escape($"{labels[i]}: {PublicTable.FormatNumber(values[i])}")).Append("</title></rect>");
            if (labels.Count <= 24 || i % (labels.Count / 12 + 1) == 0)
                svg.Append(Invariant($"<text x=\"{x + slot * 0.4:F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">")).Append(Escape(Shorten(labels[i]))).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>One line per series over x = 1, 2, …; missing points (null) break nothing, they are skipped.</summary>
    public static string Lines(string title, string xLabel, IReadOnlyList<(string Name, IReadOnlyList<double?> Values)> series)
    {
        string[] colours = ["#4878a8", "#d0703c", "#5a9e5a", "#8c64a8"];
        var all = series.SelectMany(s => s.Values).Where(v => v is { } d && double.IsFinite(d)).Select(v => v!.Value).ToList();
        var (lo, hi) = Range(all.Count == 0 ? [0.0, 1.0] : all);
        var count = series.Count == 0 ? 0 : series.Max(s => s.Values.Count);
        var svg = Begin(title);
        Axis(svg, lo, hi);
        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" font-size=\"11\" text-anchor=\"middle\">")).Append(Escape(xLabel)).Append("</text>");
        double X(int i) => Left + (count <= 1 ? 0.5 : (double)i / (count - 1)) * (Width - Left - Right);
        for (var i = 0; i < count; i += Math.Max(1, count / 10))
            svg.Append(Invariant($"<text x=\"{X(i):F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{i + 1}</text>"));
        for (var s = 0; s < series.Count; s++)
        {
            var colour = colours[s % colours.Length];
            var points = series[s].Values.Select((v, i) => (v, i)).Where(p => p.v is { } d && double.IsFinite(d))
                .Select(p => (X: X(p.i), Y: Y(p.v!.Value, lo, hi))).ToList();
            if (points.Count > 1)
                svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(" ", points.Select(p => Invariant($"{p.X:F1},{p.Y:F1}")))}\"/>");
            foreach (var (x, y) in points) svg.Append(Invariant($"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"2.5\" fill=\"{colour}\"/>"));
            // Legend on the title row, right-aligned, so it never covers the lines.
            svg.Append(Invariant($"<text x=\"{Width - Right - (series.Count - 1 - s) * 90}\" y=\"14\" font-size=\"11\" text-anchor=\"end\" fill=\"{colour}\">")).Append(Escape(series[s].Name)).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A curve through (x, y) points on [0, 1]², with the diagonal dashed (an ROC curve).</summary>
    public static string UnitCurve(string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points)
    {
        var svg = Begin(title);
        Axis(svg, 0, 1);
        double X(double x) => Left + Math.Clamp(x, 0, 1) * (Width - Left - Right);
        svg.Append(Invariant($"<line x1=\"{X(0):F1}\" y1=\"{Y(0, 0, 1):F1}\" x2=\"{X(1):F1}\" y2=\"{Y(1, 0, 1):F1}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"));
        svg.Append($"<polyline fill=\"none\" stroke=\"#4878a8\" stroke-width=\"2\" points=\"{string.Join(" ", points.Select(p => Invariant($"{X(p.X):F1},{Y(Math.Clamp(p.Y, 0, 1), 0, 1):F1}")))}\"/>");
        for (var k = 0; k <= 4; k++)
            svg.Append(Invariant($"<text x=\"{X(k / 4.0):F1}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{k / 4.0:0.##}</text>"));
        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" font-size=\"11\" text-anchor=\"middle\">")).Append(Escape(xLabel)).Append("</text>");
        svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"14\" font-size=\"11\" text-anchor=\"end\" fill=\"#4878a8\">")).Append(Escape(yLabel)).Append("</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// A grid of cells shaded by value (darker is larger; negative DP counts shade as zero), each labelled with its
    /// value: rows are <paramref name="rowLabels"/>, columns <paramref name="columnLabels"/>.
    /// </summary>
    public static string HeatMap(string title, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, IReadOnlyList<IReadOnlyList<double>> values)
    {
        const int cellHeight = 22, labelWidth = 96, top = 40;
        var cellWidth = Math.Max(36, Math.Min(80, (Width - labelWidth - Right) / Math.Max(1, columnLabels.Count)));
        var width = labelWidth + cellWidth * columnLabels.Count + Right;
        var height = top + cellHeight * rowLabels.Count + 8;
        var max = values.SelectMany(r => r).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var svg = new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">"))
            .Append(Invariant($"<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">")).Append(Escape(title)).Append("</text>");
        for (var j = 0; j < columnLabels.Count; j++)
            svg.Append(Invariant($"<text x=\"{labelWidth + (j + 0.5) * cellWidth:F1}\" y=\"{top - 6}\" font-size=\"10\" text-anchor=\"middle\">")).Append(Escape(Shorten(columnLabels[j]))).Append("</text>");
        for (var i = 0; i < rowLabels.Count; i++)
        {
            var y = top + i * cellHeight;
            svg.Append(Invariant($"<text x=\"{labelWidth - 4}\" y=\"{y + 15}\" font-size=\"10\" text-anchor=\"end\">")).Append(Escape(Shorten(rowLabels[i]))).Append("</text>");
            for (var j = 0; j < columnLabels.Count; j++)
            {
                var value = values[i][j];
                var shade = max > 0 && double.IsFinite(value) ? Math.Clamp(value / max, 0, 1) : 0;
                var x = labelWidth + j * cellWidth;
                svg.Append(Invariant($"<rect x=\"{x}\" y=\"{y}\" width=\"{cellWidth - 1}\" height=\"{cellHeight - 1}\" fill=\"#4878a8\" fill-opacity=\"{0.08 + 0.92 * shade:F2}\"><title>"))
                   .Append(Escape($"{rowLabels[i]} × {columnLabels[j]}: {PublicTable.FormatNumber(value)}")).Append("</title></rect>")
                   .Append(Invariant($"<text x=\"{x + cellWidth / 2.0:F1}\" y=\"{y + 15}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{(shade > 0.55 ? "#fff" : "#222")}\">"))
                   .Append(Escape(PublicTable.FormatNumber(value))).Append("</text>");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Charts placed left to right in one SVG document (one root element, as image/svg+xml needs).</summary>
    public static string SideBySide(params string[] charts) =>
        Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width * charts.Length}\" height=\"{Height}\">")
        + string.Concat(charts.Select((chart, i) => chart.Replace("<svg xmlns=\"http://www.w3.org/2000/svg\" ", Invariant($"<svg x=\"{Width * i}\" "), StringComparison.Ordinal)))
        + "</svg>";

    private static StringBuilder Begin(string title) =>
        new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">"))
            .Append(Invariant($"<text x=\"{Left}\" y=\"14\" font-size=\"12\" font-weight=\"bold\">")).Append(Escape(title)).Append("</text>");

    private static void Axis(StringBuilder svg, double lo, double hi)
    {
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/>"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(Math.Clamp(0, lo, hi), lo, hi):F1}\" x2=\"{Width - Right}\" y2=\"{Y(Math.Clamp(0, lo, hi), lo, hi):F1}\" stroke=\"#888\"/>"));
        for (var k = 0; k <= 4; k++)
        {
            var value = lo + (hi - lo) * k / 4;
            svg.Append(Invariant($"<text x=\"{Left - 4}\" y=\"{Y(value, lo, hi) + 3:F1}\" font-size=\"10\" text-anchor=\"end\">")).Append(Escape(Tick(value))).Append("</text>");
        }
    }

    /// <summary>Axis labels: three significant digits, thousands as k and millions as M.</summary>
    private static string Tick(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude >= 1e6 ? Invariant($"{value / 1e6:0.##}M")
            : magnitude >= 1e4 ? Invariant($"{value / 1e3:0.#}k")
            : value.ToString(magnitude >= 100 ? "0" : "G3", CultureInfo.InvariantCulture);
    }

    private static double Y(double value, double lo, double hi) => Top + (hi - value) / (hi - lo) * (Height - Top - Bottom);

    private static (double Lo, double Hi) Range(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        double lo = finite.Count == 0 ? 0 : finite.Min(), hi = finite.Count == 0 ? 1 : finite.Max();
        if (hi - lo < 1e-12) { lo -= 0.5; hi += 0.5; }
        return (lo, hi);
    }

    private static string Shorten(string label) => label.Length <= 12 ? label : label[..11] + "…";

    /// <summary>HTML-encodes, and replaces characters XML 1.0 forbids (controls, lone surrogates) so the SVG stays well-formed.</summary>
    private static string Escape(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { clean.Append(c).Append(text[++i]); continue; }
            var allowed = c is '\t' or '\n' or '\r' || (c >= ' ' && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF'));
            clean.Append(allowed ? c : '\uFFFD');
        }
        return WebUtility.HtmlEncode(clean.ToString());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
