using System.Net;
using System.Text;
using PrivateEnv.DataFrame.Rendering;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;

namespace PrivateEnv.Learning;

/// <summary>One epoch of a private run: DP estimates of the training loss and metrics, and ε spent so far.</summary>
public sealed record EpochRecord(int Epoch, double? Loss, IReadOnlyDictionary<string, double> Metrics, double Epsilon) : IReleasable
{
    public string ToDisplayText()
    {
        var text = new StringBuilder($"epoch {Epoch}: ");
        text.Append(Loss is null ? "loss n/a" : $"loss {Loss:G4}");
        foreach (var (name, value) in Metrics) text.Append($", {name} {value:G4}");
        return text.Append($", ε {Epsilon:G4}").ToString();
    }

    public override string ToString() => ToDisplayText();
}

/// <summary>
/// The public outcome of <see cref="PrivateKerasModel.Fit"/>: per-epoch DP loss/metrics and the
/// privacy spent (ε for the whole run at δ, under the chosen accountant, including the metric releases).
/// </summary>
public sealed record TrainingHistory(
    IReadOnlyList<EpochRecord> Epochs, double Epsilon, double Delta, double NoiseMultiplier, long Steps,
    AccountantKind Accountant) : IReleasable
{
    public string ToDisplayText()
    {
        var text = new StringBuilder();
        foreach (var epoch in Epochs) text.AppendLine(epoch.ToDisplayText());
        return text.Append(Summary).ToString();
    }

    public override string ToString() => ToDisplayText();

    private List<string> MetricNames => Epochs.SelectMany(e => e.Metrics.Keys).Distinct().ToList();

    private string Summary => $"DP-SGD: {Steps} steps, noise multiplier {NoiseMultiplier:G4}, spent ε = {Epsilon:G4} at δ = {Delta:G3} ({Accountant})";

    /// <summary>Two charts side by side: the DP loss and metrics per epoch, and ε spent so far.</summary>
    public string ToSvg()
    {
        var names = MetricNames;
        var series = new List<(string, IReadOnlyList<double?>)>();
        if (Epochs.Any(e => e.Loss is not null)) series.Add(("loss", Epochs.Select(e => e.Loss).ToList()));
        foreach (var name in names) series.Add((name, Epochs.Select(e => e.Metrics.TryGetValue(name, out var v) ? v : (double?)null).ToList()));
        var epsilon = SvgChart.Lines("ε spent", "epoch", [("ε", Epochs.Select(e => (double?)e.Epsilon).ToList())]);
        return series.Count == 0 ? epsilon : SvgChart.SideBySide(SvgChart.Lines("DP loss and metrics", "epoch", series), epsilon);
    }

    /// <summary>The charts, then a table of the epochs and the run's privacy summary.</summary>
    public string ToHtml()
    {
        var names = MetricNames;
        var html = new StringBuilder("<div>").Append(ToSvg()).Append("</div><table class=\"privateenv-table\"><caption>")
            .Append(WebUtility.HtmlEncode(Summary)).Append("</caption><thead><tr><th>epoch</th><th>loss</th>");
        foreach (var name in names) html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        html.Append("<th>ε</th></tr></thead><tbody>");
        foreach (var e in Epochs)
        {
            html.Append($"<tr><td>{e.Epoch}</td><td>{(e.Loss is { } l ? l.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "")}</td>");
            foreach (var name in names)
                html.Append("<td>").Append(e.Metrics.TryGetValue(name, out var v) ? v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "").Append("</td>");
            html.Append("<td>").Append(e.Epsilon.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
