using PrivateEnv.Privacy.Numerics;
namespace PrivateEnv.Privacy.Accounting.Pld;

/// <summary>
/// Privacy loss of the Laplace mechanism Lap(b) with sensitivity Δ (no subsampling; symmetric in
/// add/remove). The loss lies in [−Δ/b, Δ/b]; with F the Laplace CDF and x(ε) = −(εb + Δ)/2,
/// δ(ε) = F(x+Δ) − e^ε F(x) for |ε| &lt; Δ/b.
/// </summary>
public sealed class LaplacePrivacyLoss : AdditiveNoisePrivacyLoss
{
    private readonly double scale;
    private readonly double sensitivity;

    public LaplacePrivacyLoss(double scale, double sensitivity = 1)
    {
        if (!(scale > 0) || !double.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), $"The Laplace scale must be finite and > 0, got {scale}.");
        if (!(sensitivity > 0)) throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Sensitivity must be > 0, got {sensitivity}.");
        this.scale = scale;
        this.sensitivity = sensitivity;
    }

    private double MaxLoss => sensitivity / scale;

    public override double DeltaForEpsilon(double epsilon)
    {
        if (epsilon >= MaxLoss) return 0;
        if (epsilon <= -MaxLoss) return -SpecialFunctions.ExpM1(epsilon);
        var x = -(epsilon * scale + sensitivity) / 2; // in (−Δ, 0)
        var delta = Cdf(x + sensitivity) - Math.Exp(epsilon) * Cdf(x);
        return Math.Clamp(delta, 0, 1);
    }

    public override (double Lower, double Upper) ConnectDotsBounds() => (-MaxLoss, MaxLoss);

    private double Cdf(double x) => x < 0 ? 0.5 * Math.Exp(x / scale) : 1 - 0.5 * Math.Exp(-x / scale);
}
