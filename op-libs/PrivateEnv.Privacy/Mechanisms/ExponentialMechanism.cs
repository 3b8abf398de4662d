using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// Private selection of the candidate with the highest score, where one individual moves every score by at most
/// Δ: ε-DP by report noisy max with exact discrete Laplace noise (<see cref="NoisyArgMax"/>; Dwork &amp; Roth 2014,
/// §3.3), on scores snapped to the fine grid of Δ (<see cref="FineGrid"/>). Unlike Gumbel-max on floating-point
/// uniforms it gives every candidate a positive probability and takes the same work whatever the scores
/// (Ilvento 2020). Its error is that of the exponential mechanism up to a constant.
/// </summary>
public static class ExponentialMechanism
{
    /// <summary>
    /// Charges ε, then returns the chosen index. Non-finite scores (NaN, ±∞) count as the lowest finite score
    /// instead of an error, so a data-dependent score cannot turn into a data-dependent exception.
    /// </summary>
    public static int Choose(IPrivacyCharger charger, IReadOnlyList<double> scores, double sensitivity, double epsilon, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        var (part, units) = Plan(scores, sensitivity, epsilon);
        DpRelease.Charge(charger, description, part);
        return part.Release(units);
    }

    internal static (NoisyArgMax Part, long[] Units) Plan(IReadOnlyList<double> scores, double sensitivity, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0) throw new ArgumentException("The exponential mechanism needs at least one candidate.");
        if (!double.IsFinite(epsilon) || epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be a finite number > 0, got {epsilon}.");
        if (!double.IsFinite(sensitivity) || sensitivity <= 0)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"The score sensitivity must be finite and > 0, got {sensitivity}.");
        var grid = FineGrid.For(sensitivity);
        var finite = scores.Where(double.IsFinite).ToArray();
        var floor = finite.Length == 0 ? 0 : finite.Min();
        var units = scores.Select(s => grid.ToGrid(double.IsFinite(s) ? s : floor)).ToArray();
        return (new NoisyArgMax(scores.Count, grid.IntegerSensitivity, epsilon), units);
    }
}
