namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// Clamping and the sensitivities it buys, under add/remove-one neighbours. A sensitivity is only as
/// good as the clamping that precedes it: clamp every value to [lower, upper] before summing.
/// </summary>
public static class Sensitivity
{
    /// <summary>A count changes by at most 1 when one record is added or removed.</summary>
    public const double Count = 1;

    /// <summary>Clamps into [lower, upper]; NaN becomes lower, so no value escapes the bounds.</summary>
    public static double Clamp(double value, double lower, double upper)
    {
        ValidateBounds(lower, upper);
        return double.IsNaN(value) ? lower : Math.Clamp(value, lower, upper);
    }

    /// <summary>A sum of values clamped to [lower, upper] changes by at most max(|lower|, |upper|).</summary>
    public static double BoundedSum(double lower, double upper)
    {
        ValidateBounds(lower, upper);
        return Math.Max(Math.Abs(lower), Math.Abs(upper));
    }

    /// <summary>Under replace-one neighbours a clamped sum changes by at most upper − lower.</summary>
    public static double BoundedSumReplaceOne(double lower, double upper)
    {
        ValidateBounds(lower, upper);
        return upper - lower;
    }

    /// <summary>L2 sensitivity of a sum of vectors clipped to L2 norm C is C (the DP-SGD clipping argument).</summary>
    public static double ClippedVectorSum(double l2NormClip)
    {
        if (!double.IsFinite(l2NormClip) || l2NormClip <= 0)
            throw new ArgumentOutOfRangeException(nameof(l2NormClip), $"l2NormClip must be finite and > 0, got {l2NormClip}.");
        return l2NormClip;
    }

    private static void ValidateBounds(double lower, double upper)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
            throw new ArgumentException($"Bounds must be finite with lower ≤ upper, got [{lower}, {upper}].");
    }
}
