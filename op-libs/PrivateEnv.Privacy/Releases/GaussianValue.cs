using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// An integer query of integer sensitivity Δ plus discrete Gaussian noise N_Z(0, σ²), σ² the smallest rational
/// (rounded up) whose exact privacy curve meets (ε, δ) (Canonne, Kamath &amp; Steinke 2020, Thm 7); also
/// Δ²/(2σ²)-zCDP (their Thm 4). Sampled exactly in integers (their Alg. 3).
/// </summary>
public sealed class GaussianValue : ReleasePart
{
    private readonly ulong numerator, denominator;

    public GaussianValue(long integerSensitivity, double epsilon, double delta)
    {
        if (integerSensitivity < 1 || integerSensitivity > 1L << 20)
            throw new ArgumentOutOfRangeException(nameof(integerSensitivity), $"Integer sensitivity must be in [1, 2^20], got {integerSensitivity}.");
        if (!(delta > 0 && delta < 1))
            throw new ArgumentOutOfRangeException(nameof(delta), $"delta must be in (0, 1), got {delta}; Gaussian noise needs δ > 0.");
        Epsilon = ValidateEpsilon(epsilon);
        Delta = delta;
        IntegerSensitivity = integerSensitivity;
        (numerator, denominator) = GaussianCalibration.DiscreteSigmaSquared(integerSensitivity, epsilon, delta);
        Event = new DiscreteGaussianEvent(integerSensitivity, (double)numerator / denominator);
    }

    public long IntegerSensitivity { get; }
    public override double Epsilon { get; }
    public override double Delta { get; }
    public override PrivacyEvent Event { get; }

    /// <summary>σ in integer units.</summary>
    public double Sigma => Math.Sqrt((double)numerator / denominator);

    public long Release(long exact) => Release(exact, ReleaseRandomness.Current);

    internal long Release(long exact, IRandomBits bits)
    {
        BeginRelease();
        return ReleaseStub.Active ? 0 : SampleUncharged(exact, bits);
    }

    /// <summary>The mechanism without the charge bookkeeping: only for statistical tests.</summary>
    internal long SampleUncharged(long exact, IRandomBits bits) =>
        (long)Int128.Clamp((Int128)exact + ExactSamplers.DiscreteGaussian(bits, numerator, denominator), long.MinValue, long.MaxValue);
}
