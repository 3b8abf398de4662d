using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// The exponential mechanism: choose candidate i with probability ∝ exp(ε·uᵢ/(2Δ)), where Δ bounds how
/// much any score changes between neighbouring datasets. ε-DP (McSherry &amp; Talwar 2007, Thm 6).
/// Sampled by the Gumbel-max trick, argmax(ε·uᵢ/(2Δ) + Gᵢ) with Gᵢ = −log(−log Uᵢ) from 53-bit secure
/// uniforms; the output is an index, so there are no low-order bits of a real number to leak.
/// </summary>
public static class ExponentialMechanism
{
    /// <summary>
    /// Charges ε, then returns the chosen index. Non-finite scores (NaN, ±∞) get the lowest weight
    /// instead of an error, so a data-dependent score cannot turn into a data-dependent exception.
    /// </summary>
    public static int Choose(IPrivacyCharger charger, IReadOnlyList<double> scores, double sensitivity, double epsilon, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        ArgumentNullException.ThrowIfNull(scores);
        Validate(scores.Count, sensitivity, epsilon);
        charger.Charge(new PrivacyCharge(new PureDpEvent(epsilon), epsilon, 0, description));
        return Sample(SecureRandomBits.Instance, scores, sensitivity, epsilon);
    }

    internal static int Sample(IRandomBits bits, IReadOnlyList<double> scores, double sensitivity, double epsilon)
    {
        var finite = scores.Where(double.IsFinite).ToArray();
        var floor = finite.Length == 0 ? 0 : finite.Min();
        var best = -1;
        var bestKey = double.NegativeInfinity;
        for (var i = 0; i < scores.Count; i++)
        {
            var score = double.IsFinite(scores[i]) ? scores[i] : floor;
            var gumbel = -Math.Log(-Math.Log(bits.NextOpenUnitDouble()));
            var key = epsilon * score / (2 * sensitivity) + gumbel;
            if (best < 0 || key > bestKey) { best = i; bestKey = key; }
        }
        return best;
    }

    private static void Validate(int count, double sensitivity, double epsilon)
    {
        if (count == 0) throw new ArgumentException("The exponential mechanism needs at least one candidate.");
        if (!double.IsFinite(epsilon) || epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be a finite number > 0, got {epsilon}.");
        if (!double.IsFinite(sensitivity) || sensitivity <= 0)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"The score sensitivity must be finite and > 0, got {sensitivity}.");
    }
}
