using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// The Laplace mechanism for one value of L1 sensitivity Δ₁: ε-DP (Dwork, McSherry, Nissim &amp; Smith 2006, Thm 1),
/// released through <see cref="DpRelease"/> on a fine grid (see <see cref="FineGrid"/>) with exact discrete Laplace
/// noise (Ghosh, Roughgarden &amp; Sundararajan 2009; CKS 2020, Alg. 2), which defeats Mironov's (2012) attack.
/// The value must be an exact function of the data with that sensitivity; for sums of rows use
/// <see cref="LaplaceSums"/>, which accumulates exactly.
/// </summary>
public static class LaplaceMechanism
{
    /// <summary>Charges ε through <paramref name="charger"/> first, then releases value + noise on the grid.</summary>
    public static double Release(IPrivacyCharger charger, double value, double sensitivity, double epsilon, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        Validate(sensitivity, epsilon);
        if (sensitivity == 0)
        {
            // A constant query reveals nothing about any individual; it is still charged as asked.
            var constant = new LaplaceSums(1, 0, 1, epsilon);
            DpRelease.Charge(charger, description, constant);
            constant.Release(0);
            return value;
        }
        var (part, units) = Plan(value, sensitivity, epsilon);
        DpRelease.Charge(charger, description, part);
        return part.Release(units);
    }

    /// <summary>The part and the value's grid units; public parameters only decide the grid.</summary>
    internal static (LaplaceSums Part, long Units) Plan(double value, double sensitivity, double epsilon)
    {
        var grid = FineGrid.For(sensitivity);
        return (new LaplaceSums(grid.Granularity, grid.IntegerSensitivity, 1, epsilon), grid.ToGrid(value));
    }

    public static void Validate(double sensitivity, double epsilon)
    {
        if (!double.IsFinite(epsilon) || epsilon < DpRelease.MinimumEpsilon)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be a finite number ≥ {DpRelease.MinimumEpsilon:G3}, got {epsilon}.");
        if (!double.IsFinite(sensitivity) || sensitivity < 0)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Sensitivity must be finite and ≥ 0, got {sensitivity}.");
    }
}
