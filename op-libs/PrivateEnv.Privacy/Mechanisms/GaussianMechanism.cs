using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// The Gaussian mechanism, released on a fine grid with exact discrete Gaussian noise (see
/// <see cref="FineGrid"/>). Guarantee: (ε, δ)-DP, with σ chosen so the discrete Gaussian's exact
/// privacy curve meets δ (Canonne, Kamath &amp; Steinke 2020, Thm 7); also ρ-zCDP with ρ = Δ²/(2σ²) on
/// the grid (CKS Thm 4), which is the event charged. Sensitivity is the L2 (= L1 for a scalar) sensitivity.
/// </summary>
public static class GaussianMechanism
{
    /// <summary>Charges (ε, δ) first, then releases value + discrete Gaussian noise on the grid.</summary>
    public static double Release(IPrivacyCharger charger, double value, double l2Sensitivity, double epsilon, double delta, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        var plan = Plan(l2Sensitivity, epsilon, delta);
        charger.Charge(new PrivacyCharge(plan.Event, epsilon, delta, description));
        return Draw(SecureRandomBits.Instance, value, plan);
    }

    /// <summary>The grid, the rational σ² and the event; everything public, computed before the charge.</summary>
    internal sealed record GaussianPlan(FineGrid Grid, ulong SigmaSquaredNumerator, ulong SigmaSquaredDenominator, ZcdpEvent Event)
    {
        public double GridSigma => Math.Sqrt((double)SigmaSquaredNumerator / SigmaSquaredDenominator);
    }

    internal static GaussianPlan Plan(double l2Sensitivity, double epsilon, double delta)
    {
        if (!double.IsFinite(l2Sensitivity) || l2Sensitivity <= 0)
            throw new ArgumentOutOfRangeException(nameof(l2Sensitivity), $"Sensitivity must be finite and > 0, got {l2Sensitivity}.");
        var grid = FineGrid.For(l2Sensitivity);
        var (a, b) = GaussianCalibration.DiscreteSigmaSquared(grid.IntegerSensitivity, epsilon, delta);
        var rho = (double)grid.IntegerSensitivity * grid.IntegerSensitivity / (2.0 * a / b);
        return new GaussianPlan(grid, a, b, new ZcdpEvent(rho));
    }

    internal static double Draw(IRandomBits bits, double value, GaussianPlan plan)
    {
        var noise = ExactSamplers.DiscreteGaussian(bits, plan.SigmaSquaredNumerator, plan.SigmaSquaredDenominator);
        return plan.Grid.FromGrid(checked(plan.Grid.ToGrid(value) + noise));
    }
}
