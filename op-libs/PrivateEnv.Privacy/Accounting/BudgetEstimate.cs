namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// The ε a DP-SGD run spends at the target δ. Order is the optimal Rényi order (RDP only);
/// Steps = ⌈epochs·sampleSize/batchSize⌉; SamplingProbability = batchSize/sampleSize.
/// </summary>
public sealed record BudgetEstimate(double Epsilon, double? Order, long Steps, double NoiseMultiplier, double SamplingProbability, AccountantKind Accountant);
