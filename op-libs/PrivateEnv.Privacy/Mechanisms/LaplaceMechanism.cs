namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// The Laplace mechanism: value + Lap(Δ₁/ε) is ε-DP for a query of L1 sensitivity Δ₁
/// (Dwork, McSherry, Nissim &amp; Smith 2006, Thm 1).
/// </summary>
public static class LaplaceMechanism
{
    /// <summary>Charges ε through <paramref name="charger"/> first, then releases value + noise.</summary>
    public static double Release(IPrivacyCharger charger, double value, double sensitivity, double epsilon, string description)
    {
        Validate(sensitivity, epsilon);
        var scale = sensitivity / epsilon;
        charger.Charge(new PrivacyCharge(new LaplaceEvent(sensitivity, scale), epsilon, 0, description));
        return value + SampleNoise(scale);
    }

    /// <summary>Lap(scale) by inversion of two secure uniforms (difference of exponentials).</summary>
    public static double SampleNoise(double scale)
    {
        var e1 = -Math.Log(SecureRandom.NextOpenUnitDouble());
        var e2 = -Math.Log(SecureRandom.NextOpenUnitDouble());
        return scale * (e1 - e2);
    }

    public static void Validate(double sensitivity, double epsilon)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be a finite number > 0, got {epsilon}.");
        if (!double.IsFinite(sensitivity) || sensitivity < 0)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Sensitivity must be finite and ≥ 0, got {sensitivity}.");
    }
}
