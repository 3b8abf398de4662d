using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// The Laplace mechanism: value + Lap(Δ₁/ε) is ε-DP for a query of L1 sensitivity Δ₁
/// (Dwork, McSherry, Nissim &amp; Smith 2006, Thm 1). Released on a fine grid with exact discrete
/// Laplace noise (see <see cref="FineGrid"/>): the discrete Laplace with parameter ε/Δ is ε-DP for
/// integer sensitivity Δ (Ghosh, Roughgarden &amp; Sundararajan 2009; sampled exactly by CKS 2020, Alg. 2),
/// which defeats the floating-point attack on textbook Laplace (Mironov 2012).
/// </summary>
public static class LaplaceMechanism
{
    /// <summary>Charges ε through <paramref name="charger"/> first, then releases value + noise.</summary>
    public static double Release(IPrivacyCharger charger, double value, double sensitivity, double epsilon, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        Validate(sensitivity, epsilon);
        charger.Charge(new PrivacyCharge(new PureDpEvent(epsilon), epsilon, 0, description));
        if (sensitivity == 0) return value; // a constant query reveals nothing about any individual
        return ReleaseOnGrid(SecureRandomBits.Instance, value, sensitivity, epsilon);
    }

    /// <summary>The mechanism after the charge; the random source is a parameter only so tests can seed it.</summary>
    internal static double ReleaseOnGrid(IRandomBits bits, double value, double sensitivity, double epsilon)
    {
        var grid = FineGrid.For(sensitivity);
        var (s, t) = DiscreteLaplaceMechanism.ScaleFor(grid.IntegerSensitivity, epsilon);
        var noise = ExactSamplers.DiscreteLaplace(bits, s, t);
        return grid.FromGrid(checked(grid.ToGrid(value) + noise));
    }

    /// <summary>
    /// Laplace-distributed noise of (at least) the given scale, as a multiple of a power-of-two grid step
    /// 2⁻²⁰ of the scale (exact discrete Laplace). Noise only: it charges nothing and proves nothing by itself.
    /// </summary>
    public static double SampleNoise(double scale)
    {
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), $"The Laplace scale must be finite and > 0, got {scale}.");
        var step = Math.ScaleB(1.0, Math.ILogB(scale) - 20);
        var t = (ulong)Math.Ceiling(scale / step); // scale in grid steps, rounded up
        return step * ExactSamplers.DiscreteLaplace(SecureRandomBits.Instance, 1, t);
    }

    public static void Validate(double sensitivity, double epsilon)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be a finite number > 0, got {epsilon}.");
        if (!double.IsFinite(sensitivity) || sensitivity < 0)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Sensitivity must be finite and ≥ 0, got {sensitivity}.");
    }
}
