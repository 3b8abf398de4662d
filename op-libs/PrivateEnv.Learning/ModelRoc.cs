using System.Globalization;
using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Rendering;
using PrivateEnv.Privacy;

namespace PrivateEnv.Learning;

/// <summary>
/// The public outcome of <see cref="PrivateKerasModel.RocCurve"/>: the DP ROC curve of a binary classifier (one point
/// per score threshold) and the area under it, both post-processing of one DP 2-D histogram.
/// </summary>
public sealed record ModelRoc(double Auc, PublicTable Curve, double Epsilon) : IReleasable
{
    public string ToDisplayText() =>
        string.Create(CultureInfo.InvariantCulture, $"AUC ≈ {Auc:F3} (ε {Epsilon:G4})\n") + Curve.ToDisplayText();

    /// <summary>The curve (false against true positive rate) with the diagonal.</summary>
    public string ToSvg()
    {
        var fpr = Curve.Numbers("false_positive_rate");
        var tpr = Curve.Numbers("true_positive_rate");
        return SvgChart.UnitCurve(string.Create(CultureInfo.InvariantCulture, $"DP ROC curve, AUC ≈ {Auc:F3}"), "false positive rate", "true positive rate",
            fpr.Select((x, i) => (x ?? 0, tpr[i] ?? 0)).ToList());
    }

    public string ToHtml() => "<div>" + ToSvg() + "</div>" + Curve.ToHtml();

    public override string ToString() => ToDisplayText();
}
