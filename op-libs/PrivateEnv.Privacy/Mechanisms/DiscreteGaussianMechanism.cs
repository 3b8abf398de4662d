using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// Integer query + discrete Gaussian noise N_Z(0, σ²), σ the smallest meeting (ε, δ) by the exact curve
/// of Canonne, Kamath &amp; Steinke 2020 (Thm 7), through <see cref="DpRelease"/> (<see cref="GaussianValue"/>).
/// </summary>
public static class DiscreteGaussianMechanism
{
    public static long Release(IPrivacyCharger charger, long value, long sensitivity, double epsilon, double delta, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        var part = new GaussianValue(sensitivity, epsilon, delta);
        DpRelease.Charge(charger, description, part);
        return part.Release(value);
    }
}
