using System.Globalization;
using System.Net;
using System.Text;
using PrivateEnv.Privacy;

namespace PrivateEnv.Learning;

/// <summary>
/// The public outcome of <see cref="PrivateKerasModel.Evaluate(PrivateEnv.DataFrame.PrivateDataFrame, string[], string, double, double)"/>:
/// a DP row count, the DP mean loss and metrics over those rows, and the ε it cost.
/// </summary>
public sealed record ModelEvaluation(double Count, double Loss, IReadOnlyDictionary<string, double> Metrics, double Epsilon, string Note) : IReleasable
{
    public string ToDisplayText()
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"rows ≈ {Count:F0}, loss {Loss:G4}"));
        foreach (var (name, value) in Metrics) text.Append(string.Create(CultureInfo.InvariantCulture, $", {name} {value:G4}"));
        return text.Append(string.Create(CultureInfo.InvariantCulture, $" (ε {Epsilon:G4})\n")).Append(Note).ToString();
    }

    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"privateenv-table\"><caption>").Append(WebUtility.HtmlEncode(Note))
            .Append("</caption><thead><tr><th>rows</th><th>loss</th>");
        foreach (var name in Metrics.Keys) html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        html.Append("</tr></thead><tbody><tr>").Append(string.Create(CultureInfo.InvariantCulture, $"<td>{Count:F0}</td><td>{Loss:G4}</td>"));
        foreach (var value in Metrics.Values) html.Append(string.Create(CultureInfo.InvariantCulture, $"<td>{value:G4}</td>"));
        return html.Append("</tr></tbody></table>").ToString();
    }

    public override string ToString() => ToDisplayText();
}
