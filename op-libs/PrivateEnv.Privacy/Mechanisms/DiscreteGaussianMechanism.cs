using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// Integer query + discrete Gaussian noise N_Z(0, σ²), σ the smallest meeting (ε, δ) by the exact curve
/// of Canonne, Kamath &amp; Steinke 2020 (Thm 7); also Δ²/(2σ²)-zCDP (CKS Thm 4), the event charged.
/// </summary>
public static class DiscreteGaussianMechanism
{
    public static long Release(IPrivacyCharger charger, long value, long sensitivity, double epsilon, double delta, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        if (sensitivity < 1 || sensitivity > 1L << 20)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Integer sensitivity must be in [1, 2^20], got {sensitivity}.");
        var (a, b) = GaussianCalibration.DiscreteSigmaSquared(sensitivity, epsilon, delta);
        var rho = (double)sensitivity * sensitivity / (2.0 * a / b);
        charger.Charge(new PrivacyCharge(new ZcdpEvent(rho), epsilon, delta, description));
        return checked(value + ExactSamplers.DiscreteGaussian(SecureRandomBits.Instance, a, b));
    }
}
