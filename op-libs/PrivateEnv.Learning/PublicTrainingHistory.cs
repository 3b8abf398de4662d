using PrivateEnv.DataFrame.Rendering;
using PrivateEnv.Privacy;

namespace PrivateEnv.Learning;

/// <summary>The mean training loss after each epoch of an ordinary (non-private) Fit on public data.</summary>
public sealed record PublicTrainingHistory(IReadOnlyList<double> Loss) : IReleasable
{
    public string ToDisplayText() =>
        string.Join("\n", Loss.Select((l, i) => $"epoch {i + 1}: loss {l:G4}")) + "\n(non-private training on public data)";

    public override string ToString() => ToDisplayText();

    /// <summary>The training loss per epoch as a line chart.</summary>
    public string ToSvg() => SvgChart.Lines("training loss (public data)", "epoch", [("loss", Loss.Select(l => (double?)l).ToList())]);
}
