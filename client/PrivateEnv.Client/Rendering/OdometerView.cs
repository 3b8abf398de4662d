using System.Globalization;
using System.Text;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client.Rendering;

/// <summary>Spent and remaining budget as an HTML table and as text.</summary>
public static class OdometerView
{
    public static string Text(Odometer odometer)
    {
        var s = odometer.Session;
        var text = new StringBuilder();
        text.AppendLine($"Session budget ({s.Composition}): ε spent {N(s.EpsilonSpent)}, remaining {N(Math.Max(0, s.EpsilonTotal - s.EpsilonSpent))} of {N(s.EpsilonTotal)}; δ spent {N(s.DeltaSpent)}, remaining {N(Math.Max(0, s.DeltaTotal - s.DeltaSpent))} of {N(s.DeltaTotal)}");
        foreach (var charge in odometer.Charges)
            text.AppendLine($"  ε {N(charge.Epsilon)}  δ {N(charge.Delta)}  {charge.Description}");
        foreach (var life in odometer.Lifetime)
            text.AppendLine($"Lifetime on {life.Dataset}: ε {N(life.EpsilonSpent)} of {N(life.EpsilonTotal)}, δ {N(life.DeltaSpent)} of {N(life.DeltaTotal)}");
        return text.ToString().TrimEnd();
    }

    public static string Html(Odometer odometer)
    {
        var s = odometer.Session;
        var html = new StringBuilder("<table class=\"privateenv-odometer\"><thead><tr><th></th><th>spent</th><th>remaining</th><th>total</th></tr></thead><tbody>");
        html.Append($"<tr><th>ε</th><td>{N(s.EpsilonSpent)}</td><td>{N(Math.Max(0, s.EpsilonTotal - s.EpsilonSpent))}</td><td>{N(s.EpsilonTotal)}</td></tr>");
        html.Append($"<tr><th>δ</th><td>{N(s.DeltaSpent)}</td><td>{N(Math.Max(0, s.DeltaTotal - s.DeltaSpent))}</td><td>{N(s.DeltaTotal)}</td></tr>");
        html.Append("</tbody></table>");
        if (odometer.Charges.Count > 0)
        {
            html.Append("<table class=\"privateenv-charges\"><thead><tr><th>charge</th><th>ε</th><th>δ</th></tr></thead><tbody>");
            foreach (var charge in odometer.Charges)
                html.Append($"<tr><td>{Rendering.Html.Encode(charge.Description)}</td><td>{N(charge.Epsilon)}</td><td>{N(charge.Delta)}</td></tr>");
            html.Append("</tbody></table>");
        }
        return html.ToString();
    }

    private static string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
