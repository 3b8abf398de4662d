using PrivateEnv.Privacy.Numerics;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>Noise scales for (ε, δ)-DP Gaussian mechanisms.</summary>
public static class GaussianCalibration
{
    /// <summary>
    /// Classic calibration σ = Δ·√(2 ln(1.25/δ))/ε, valid only for ε &lt; 1 (Dwork &amp; Roth 2014, Thm A.1).
    /// </summary>
    public static double ClassicSigma(double l2Sensitivity, double epsilon, double delta)
    {
        Validate(l2Sensitivity, epsilon, delta);
        if (epsilon >= 1)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"The classic Gaussian calibration holds only for ε < 1, got {epsilon}; use AnalyticSigma.");
        return l2Sensitivity * Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon;
    }

    /// <summary>
    /// Smallest σ with δ(σ) = Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ) ≤ δ: the exact privacy curve of the
    /// Gaussian mechanism (Balle &amp; Wang 2018, Thm 8; the "analytic Gaussian mechanism"), found by bisection
    /// on the monotone δ(σ). Valid for every ε &gt; 0; the returned σ always satisfies the bound.
    /// </summary>
    public static double AnalyticSigma(double l2Sensitivity, double epsilon, double delta)
    {
        Validate(l2Sensitivity, epsilon, delta);
        double low = 1e-3 * l2Sensitivity, high = l2Sensitivity;
        while (GaussianDelta(high / l2Sensitivity, epsilon) > delta) { low = high; high *= 2; }
        while (GaussianDelta(low / l2Sensitivity, epsilon) <= delta) { high = low; low /= 2; }
        while (high - low > 1e-12 * high)
        {
            var mid = 0.5 * (low + high);
            if (GaussianDelta(mid / l2Sensitivity, epsilon) <= delta) high = mid; else low = mid;
        }
        return high;
    }

    /// <summary>δ(ε) of the Gaussian mechanism with noise multiplier z = σ/Δ (Balle &amp; Wang 2018, Thm 8).</summary>
    public static double GaussianDelta(double noiseMultiplier, double epsilon)
    {
        var z = noiseMultiplier;
        var first = SpecialFunctions.NormalCdf(0.5 / z - epsilon * z);
        var second = Math.Exp(epsilon + SpecialFunctions.LogNormalCdf(-0.5 / z - epsilon * z));
        return Math.Max(0, first - second);
    }

    /// <summary>
    /// δ(ε) of the discrete Gaussian N_Z(0, σ²) on an integer query of sensitivity Δ:
    /// δ = P[Y &gt; εσ²/Δ − Δ/2] − e^ε P[Y &gt; εσ²/Δ + Δ/2], Y ~ N_Z(0, σ²) (Canonne, Kamath &amp; Steinke 2020, Thm 7).
    /// </summary>
    public static double DiscreteGaussianDelta(double sigmaSquared, long sensitivity, double epsilon)
    {
        var m1 = epsilon * sigmaSquared / sensitivity - sensitivity / 2.0;
        var m2 = epsilon * sigmaSquared / sensitivity + sensitivity / 2.0;
        if (sigmaSquared <= DirectSummationLimit)
        {
            var tail = DiscreteGaussianTail(sigmaSquared, m2);
            return Math.Max(0, DiscreteGaussianTail(sigmaSquared, m1) - (tail == 0 ? 0 : Math.Exp(epsilon) * tail));
        }
        // Beyond the limit: an upper bound on δ from an upper bound on the first tail and a lower bound on the second.
        var first = DiscreteGaussianTailBounds(sigmaSquared, m1).Upper;
        var second = DiscreteGaussianTailBounds(sigmaSquared, m2).Lower;
        return Math.Max(0, first - (second == 0 ? 0 : Math.Exp(epsilon) * second));
    }

    /// <summary>
    /// σ² up to which tails are summed term by term (about 9σ terms, 9,000 here); above it they are bounded by
    /// integrals, in constant time. Summing grew linearly with σ: the ledger took 2.3 s for one discrete Gaussian
    /// at ε = 0.01 on a 2,049-step grid, and would take hours at the ε floor.
    /// </summary>
    internal const double DirectSummationLimit = 1e6;

    /// <summary>
    /// Bounds on P[Y &gt; m], Y ~ N_Z(0, σ²), for σ² &gt; 9, by comparing Σ_{y≥s} f(y), f(y) = exp(−y²/(2σ²)), with
    /// I(x) = ∫_x^∞ f = σ√(π/2)·erfc(x/(σ√2)). f decreases on y ≥ 0, so I(s) ≤ Σ ≤ I(s) + f(s); where f is also
    /// convex (y ≥ σ) the trapezoid and midpoint rules sharpen this to I(s) + f(s)/2 ≤ Σ ≤ I(s − ½). The normaliser
    /// is exact by Poisson summation. A relative 10⁻¹² widens both bounds for erfc's rounding.
    /// </summary>
    internal static (double Lower, double Upper) DiscreteGaussianTailBounds(double sigmaSquared, double m)
    {
        if (m < 0)
        {
            var (lower, upper) = DiscreteGaussianTailBounds(sigmaSquared, -Math.Floor(m) - 1);
            return (Math.Max(0, 1 - upper), Math.Min(1, 1 - lower));
        }
        var sigma = Math.Sqrt(sigmaSquared);
        var s = Math.Floor(m) + 1;
        double Integral(double x) => sigma * Math.Sqrt(Math.PI / 2) * SpecialFunctions.Erfc(x / (sigma * Math.Sqrt(2)));
        var atS = Math.Exp(-s * s / (2 * sigmaSquared));
        var (low, high) = s - 0.5 >= sigma
            ? (Integral(s) + atS / 2, Integral(s - 0.5))
            : (Integral(s), Integral(s) + atS);
        var normaliser = Normaliser(sigmaSquared);
        return (Math.Max(0, low / normaliser * (1 - 1e-12)), Math.Min(1, high / normaliser * (1 + 1e-12)));
    }

    /// <summary>Smallest discrete σ² (a rational a/b, rounded up) whose Thm 7 δ meets the target.</summary>
    internal static (ulong A, ulong B) DiscreteSigmaSquared(long sensitivity, double epsilon, double delta)
    {
        Validate(sensitivity, epsilon, delta);
        var continuous = AnalyticSigma(sensitivity, epsilon, delta);
        double low = 0.5 * continuous, high = 1.5 * continuous;
        while (DiscreteGaussianDelta(high * high, sensitivity, epsilon) > delta) { low = high; high *= 1.5; }
        while (high - low > 1e-7 * high)
        {
            var mid = 0.5 * (low + high);
            if (DiscreteGaussianDelta(mid * mid, sensitivity, epsilon) <= delta) high = mid; else low = mid;
        }
        return RationalAtLeast(high * high);
    }

    /// <summary>
    /// a/b ≥ x with b a power of two: b ≤ 2²⁰ and a ≤ 2⁴⁰ (the sampler's fast paths) when x ≤ 2⁴⁰,
    /// otherwise b = 1 and a = ⌈x⌉ ≤ 2⁶² (the sampler then works in big integers).
    /// </summary>
    internal static (ulong A, ulong B) RationalAtLeast(double x)
    {
        if (!(x > 0) || x > 4e18)
            throw new ArgumentOutOfRangeException(nameof(x), $"The noise is too large for the exact sampler (σ² = {x:G3} grid steps); use a larger eps or delta.");
        if (x > 1UL << 40) return ((ulong)Math.Ceiling(x), 1);
        // Denominators up to 2²⁰ keep the rounding of σ² below 1e-6 relative while the sampler's
        // arithmetic mostly stays within 64 bits.
        var exponent = Math.Clamp(20 - Math.ILogB(x), 0, 20);
        var b = 1UL << exponent;
        return ((ulong)Math.Ceiling(x * b), b);
    }

    /// <summary>P[Y &gt; m] for Y ~ N_Z(0, σ²), by direct summation of the pmf (the normaliser via Poisson summation).</summary>
    internal static double DiscreteGaussianTail(double sigmaSquared, double m)
    {
        if (m < 0) return 1 - DiscreteGaussianTail(sigmaSquared, -Math.Floor(m) - 1); // P[Y > m] = 1 − P[Y ≥ −⌊m⌋] = 1 − P[Y > −⌊m⌋−1]
        var sigma = Math.Sqrt(sigmaSquared);
        var normaliser = Normaliser(sigmaSquared);
        var start = (long)Math.Floor(m) + 1;
        var sum = 0.0;
        for (var y = start; ; y++)
        {
            var term = Math.Exp(-(double)y * y / (2 * sigmaSquared));
            sum += term;
            if (term < 1e-18 * sum || term == 0 || y > start + 60 * sigma + 60) break;
        }
        return sum / normaliser;
    }

    /// <summary>Σ_y exp(−y²/(2σ²)) = σ√(2π)·(1 + 2Σ_k exp(−2π²σ²k²)) (Poisson summation); direct sum for small σ.</summary>
    private static double Normaliser(double sigmaSquared)
    {
        if (sigmaSquared >= 9) return Math.Sqrt(2 * Math.PI * sigmaSquared) * (1 + 2 * Math.Exp(-2 * Math.PI * Math.PI * sigmaSquared));
        var sum = 1.0;
        for (var y = 1; y < 200; y++) sum += 2 * Math.Exp(-(double)y * y / (2 * sigmaSquared));
        return sum;
    }

    private static void Validate(double sensitivity, double epsilon, double delta)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"eps must be a finite number > 0, got {epsilon}.");
        if (!(delta > 0 && delta < 1))
            throw new ArgumentOutOfRangeException(nameof(delta), $"delta must be in (0, 1), got {delta}; the Gaussian mechanism needs δ > 0.");
        if (!double.IsFinite(sensitivity) || sensitivity <= 0)
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Sensitivity must be finite and > 0, got {sensitivity}.");
    }
}
