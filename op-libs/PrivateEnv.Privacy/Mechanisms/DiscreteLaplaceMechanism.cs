using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// Integer query + discrete Laplace noise P[X = x] ∝ exp(−ε|x|/Δ): ε-DP for integer L1 sensitivity Δ
/// (the likelihood ratio at neighbours is at most e^{ε|Δ|/Δ}; Ghosh, Roughgarden &amp; Sundararajan 2009),
/// through <see cref="DpRelease"/>. ε is rounded down to a multiple of 2⁻²⁰ for the exact sampler (CKS 2020, Alg. 2),
/// which only adds noise.
/// </summary>
public static class DiscreteLaplaceMechanism
{
    private const int EpsilonBits = 20;

    public static long Release(IPrivacyCharger charger, long value, long sensitivity, double epsilon, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        _ = ScaleFor(sensitivity, epsilon);
        var part = new LaplaceSums(1, sensitivity, 1, epsilon);
        DpRelease.Charge(charger, description, part);
        return (long)part.Release(value);
    }

    /// <summary>The sampler's rational parameter s/t = ε'/Δ with ε' = ⌊ε·2²⁰⌋/2²⁰ ≤ ε.</summary>
    internal static (ulong S, ulong T) ScaleFor(long sensitivity, double epsilon)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be a finite number > 0, got {epsilon}.");
        if (sensitivity < 1 || sensitivity > 1L << 40)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Integer sensitivity must be in [1, 2^40], got {sensitivity}.");
        if (epsilon > 1 << 30)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps above 2^30 is not supported, got {epsilon}.");
        var s = (ulong)Math.Floor(epsilon * (1 << EpsilonBits));
        if (s == 0) throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be at least 2^-20 ≈ 9.5e-7, got {epsilon}.");
        return (s, (ulong)sensitivity << EpsilonBits);
    }
}
