using System.Globalization;

namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// The ε a DP-SGD run spends at the target δ. Order is the optimal Rényi order (RDP only);
/// Steps = ⌈epochs·sampleSize/batchSize⌉; SamplingProbability = batchSize/sampleSize.
/// Releasable: computed from the parameters the caller gave, not from data.
/// </summary>
public sealed record BudgetEstimate(double Epsilon, double? Order, long Steps, double NoiseMultiplier, double SamplingProbability, AccountantKind Accountant) : IReleasable
{
    public string ToDisplayText() => string.Create(CultureInfo.InvariantCulture,
        $"ε = {Epsilon:G4} ({Accountant.ToString().ToLowerInvariant()}{(Order is { } order ? $", optimal order {order:G3}" : "")}) for {Steps} steps of q = {SamplingProbability:G4} at noise multiplier {NoiseMultiplier:G4}");

    public override string ToString() => ToDisplayText();
}
