using System.Text;
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
        return text.Append($"DP-SGD: {Steps} steps, noise multiplier {NoiseMultiplier:G4}, spent ε = {Epsilon:G4} at δ = {Delta:G3} ({Accountant})").ToString();
    }
}
