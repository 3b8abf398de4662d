using System.Globalization;
using System.Text;

namespace PrivateEnv.Client.Rendering;

/// <summary>A newly opened session: where, the budget, and each dataset's columns with their public metadata (text and HTML).</summary>
public static class SessionView
{
    public static string Text(string url, PrivateEnvSession session) =>
        $"Connected to {url}: datasets {string.Join(", ", session.Datasets.Select(d => d.Name))}; budget ε={Number(session.Budget.EpsilonTotal)}, δ={Number(session.Budget.DeltaTotal)}.";

    public static string Html(string url, PrivateEnvSession session)
    {
        var html = new StringBuilder($"<p>Connected to <code>{Rendering.Html.Encode(url)}</code>; budget ε={Number(session.Budget.EpsilonTotal)}, δ={Number(session.Budget.DeltaTotal)}.</p>");
        foreach (var dataset in session.Datasets)
        {
            var rows = dataset.DeclaredRows > 0 ? $" ({dataset.DeclaredRows} rows declared by its owner)" : "";
            html.Append($"<p><b>{Rendering.Html.Encode(dataset.Name)}</b> {Rendering.Html.Encode(dataset.Description)}{rows}</p><table><tr><th>column</th><th>kind</th><th>public metadata</th></tr>");
            foreach (var column in dataset.Columns)
            {
                var detail = column.Kind switch
                {
                    "numeric" => $"[{Number(column.Lower)}, {Number(column.Upper)}]",
                    "categorical" => string.Join(", ", column.Categories),
                    _ => "",
                };
                html.Append($"<tr><td>{Rendering.Html.Encode(column.Name)}</td><td>{Rendering.Html.Encode(column.Kind)}</td><td>{Rendering.Html.Encode(detail)}</td></tr>");
            }
            html.Append("</table>");
        }
        return html.ToString();
    }

    /// <summary>What a closed session spent: "Session closed. Spent ε=0.5 of 3, δ=0 of 1e-05."</summary>
    public static string Closed(Protocol.V1.Budget budget) =>
        $"Session closed. Spent ε={Number(budget.EpsilonSpent)} of {Number(budget.EpsilonTotal)}, δ={Number(budget.DeltaSpent)} of {Number(budget.DeltaTotal)}.";

    /// <summary>A budget figure as the views print it (invariant, six significant digits).</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
