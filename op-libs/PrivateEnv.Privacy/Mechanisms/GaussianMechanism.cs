using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// The Gaussian mechanism for one value of L2 (= L1) sensitivity Δ, released through <see cref="DpRelease"/> on a
/// fine grid (see <see cref="FineGrid"/>) with exact discrete Gaussian noise (<see cref="GaussianValue"/>):
/// (ε, δ)-DP by the discrete Gaussian's exact curve (Canonne, Kamath &amp; Steinke 2020, Thm 7).
/// </summary>
public static class GaussianMechanism
{
    /// <summary>Charges (ε, δ) first, then releases value + discrete Gaussian noise on the grid.</summary>
    public static double Release(IPrivacyCharger charger, double value, double l2Sensitivity, double epsilon, double delta, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        var (grid, part) = Plan(l2Sensitivity, epsilon, delta);
        DpRelease.Charge(charger, description, part);
        return grid.FromGrid(part.Release(grid.ToGrid(value)));
    }

    /// <summary>The grid and the calibrated part; public parameters only.</summary>
    internal static (FineGrid Grid, GaussianValue Part) Plan(double l2Sensitivity, double epsilon, double delta)
    {
        if (!double.IsFinite(l2Sensitivity) || l2Sensitivity <= 0)
            throw new ArgumentOutOfRangeException(nameof(l2Sensitivity), $"Sensitivity must be finite and > 0, got {l2Sensitivity}.");
        var grid = FineGrid.For(l2Sensitivity);
        return (grid, new GaussianValue(grid.IntegerSensitivity, epsilon, delta));
    }
}
