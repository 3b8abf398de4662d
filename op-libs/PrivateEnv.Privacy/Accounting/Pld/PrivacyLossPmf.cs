using PrivateEnv.Privacy.Numerics;
namespace PrivateEnv.Privacy.Accounting.Pld;

/// <summary>
/// A discretised privacy loss distribution: probability Probabilities[i] on the loss
/// (LowerIndex + i)·Discretization, plus mass on +∞. Pessimistic throughout: truncated upper
/// tails move to +∞ and truncated lower tails onto the smallest kept loss, so every δ and ε it
/// reports is an upper bound for the discretised mechanism (Koskela et al. 2020; Doroshenko et al. 2022).
/// </summary>
public sealed class PrivacyLossPmf
{
    /// <summary>Mass cut from the tails when composing (dp_accounting's default).</summary>
    public const double DefaultTailMassTruncation = 1e-15;

    /// <summary>
    /// Most points a PMF (or an FFT over one) may have: 2²² doubles, 32 MB. Honest DP-SGD runs stay far below it
    /// (the seed CNN's composed PLD has about 10⁵ points); beyond it the accountant refuses with
    /// <see cref="NotSupportedException"/> instead of allocating gigabytes, and the ledger keeps RDP's figure.
    /// </summary>
    public const int MaxPoints = 1 << 22;

    /// <summary>Refuses a PMF or transform of more than <see cref="MaxPoints"/> points (a double, so no overflow on the way).</summary>
    internal static void RequirePoints(double points)
    {
        if (!(points <= MaxPoints))
            throw new NotSupportedException($"The PLD accountant would need more than {MaxPoints:N0} points for this event; use the RDP accountant.");
    }

    internal PrivacyLossPmf(double discretization, long lowerIndex, double[] probabilities, double infinityMass)
    {
        Discretization = discretization;
        LowerIndex = lowerIndex;
        Probabilities = probabilities;
        InfinityMass = infinityMass;
    }

    public double Discretization { get; }
    public long LowerIndex { get; }
    internal double[] Probabilities { get; }
    public int Size => Probabilities.Length;
    public double InfinityMass { get; }

    /// <summary>The PMF of doing nothing: all mass on loss 0.</summary>
    public static PrivacyLossPmf Identity(double discretization) => new(discretization, 0, [1.0], 0);

    /// <summary>Composition with another PMF of the same discretisation (FFT convolution).</summary>
    public PrivacyLossPmf Compose(PrivacyLossPmf other, double tailMassTruncation = DefaultTailMassTruncation)
    {
        if (other.Discretization != Discretization)
            throw new ArgumentException($"Cannot compose PLDs discretised at {Discretization} and {other.Discretization}.");
        RequirePoints((double)Probabilities.Length + other.Probabilities.Length - 1);
        var probabilities = Probabilities.Length * (long)other.Probabilities.Length <= 4096
            ? DirectConvolve(Probabilities, other.Probabilities)
            : Fft.Convolve(Probabilities, other.Probabilities);
        var infinity = InfinityMass + other.InfinityMass - InfinityMass * other.InfinityMass;
        var (offset, kept, rightTail) = TruncateTails(probabilities, tailMassTruncation);
        return new PrivacyLossPmf(Discretization, LowerIndex + other.LowerIndex + offset, kept, infinity + rightTail);
    }

    /// <summary>
    /// The PMF composed with itself <paramref name="times"/> times: one real FFT, pointwise power, one inverse FFT,
    /// over a window that Chernoff bounds show holds all but <paramref name="tailMassTruncation"/> of the mass
    /// (the excluded mass is charged to +∞).
    /// </summary>
    public PrivacyLossPmf SelfCompose(long times, double tailMassTruncation = DefaultTailMassTruncation)
    {
        if (times <= 0) throw new ArgumentOutOfRangeException(nameof(times), $"Composition count must be ≥ 1, got {times}.");
        if (times == 1) return this;
        var (lower, upper) = SelfConvolveBounds(Probabilities, times, tailMassTruncation);
        RequirePoints((double)upper - lower + 1);
        var window = upper - lower + 1;
        var n = Math.Max(2, Fft.NextPowerOfTwo(Math.Max(window, Probabilities.Length)));
        var (re, im) = Fft.RealForward(Probabilities, n);
        for (var i = 0; i < re.Length; i++)
        {
            // z^n = |z|^n e^{i n arg z}
            var squared = re[i] * re[i] + im[i] * im[i];
            if (squared == 0) { re[i] = 0; im[i] = 0; continue; }
            var power = Math.Exp(0.5 * times * Math.Log(squared));
            var (sin, cos) = Math.SinCos(Math.Atan2(im[i], re[i]) * times);
            re[i] = power * cos;
            im[i] = power * sin;
        }
        var composed = Fft.RealInverse(re, im, n);
        var result = new double[window];
        for (long i = lower; i <= upper; i++) result[i - lower] = Math.Max(0, composed[(int)(i % n)]);
        var infinity = tailMassTruncation - SpecialFunctions.ExpM1(times * SpecialFunctions.Log1p(-InfinityMass));
        return new PrivacyLossPmf(Discretization, LowerIndex * times + lower, result, Math.Min(1, infinity));
    }

    /// <summary>δ(ε) = P[∞] + Σ_{loss &gt; ε} p·(1 − e^{ε − loss}) (the hockey-stick divergence).</summary>
    public double DeltaForEpsilon(double epsilon)
    {
        var delta = InfinityMass;
        for (var i = Probabilities.Length - 1; i >= 0; i--)
        {
            var loss = (LowerIndex + i) * Discretization;
            if (loss <= epsilon) break;
            delta += -SpecialFunctions.ExpM1(epsilon - loss) * Probabilities[i];
        }
        return Math.Min(1, delta);
    }

    /// <summary>The smallest ε with δ(ε) ≤ δ; +∞ when the infinite-loss mass alone exceeds δ.</summary>
    public double EpsilonForDelta(double delta)
    {
        if (InfinityMass > delta) return double.PositiveInfinity;
        double massUpper = InfinityMass, massLower = 0;
        for (var i = Probabilities.Length - 1; i >= 0; i--)
        {
            var loss = (LowerIndex + i) * Discretization;
            if (massUpper > delta && massLower > 0 && Math.Log((massUpper - delta) / massLower) >= loss) break;
            massUpper += Probabilities[i];
            massLower += Math.Exp(-loss) * Probabilities[i];
            if (massUpper >= delta && massLower == 0) return Math.Max(0, loss);
        }
        if (massUpper <= massLower + delta) return 0;
        return Math.Log((massUpper - delta) / massLower);
    }

    private static double[] DirectConvolve(double[] a, double[] b)
    {
        var result = new double[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
            for (var j = 0; j < b.Length; j++)
                result[i + j] += a[i] * b[j];
        return result;
    }

    /// <summary>Cuts at most half the truncation mass from each side; left mass joins the first kept point, right mass goes to +∞.</summary>
    private static (long Offset, double[] Kept, double RightMass) TruncateTails(double[] probabilities, double tailMassTruncation)
    {
        if (tailMassTruncation == 0) return (0, probabilities, 0);
        var half = tailMassTruncation / 2;
        int left = 0; double sum = 0;
        while (left < probabilities.Length && sum + probabilities[left] <= half) sum += probabilities[left++];
        int right = probabilities.Length; double rightSum = 0;
        while (right > 0 && rightSum + probabilities[right - 1] <= half) rightSum += probabilities[--right];
        right = Math.Max(right, left + 1);
        if (right > probabilities.Length) { left = probabilities.Length - 1; right = probabilities.Length; }
        double leftMass = 0, rightMass = 0;
        for (var i = 0; i < left; i++) leftMass += probabilities[i];
        for (var i = right; i < probabilities.Length; i++) rightMass += probabilities[i];
        var kept = probabilities[left..right];
        kept[0] += leftMass;
        return (left, kept, rightMass);
    }

    /// <summary>
    /// Chernoff bounds on the window of the n-fold convolution: for t &gt; 0,
    /// P[S ≥ k] ≤ e^{n·log M(t) − t·k}, so k ≥ (n·log M(t) + log(2/τ))/t leaves at most τ/2 above (and symmetrically below).
    /// t ranges over ±1..20 divided by the PMF length, as in dp_accounting.
    /// </summary>
    private static (long Lower, long Upper) SelfConvolveBounds(double[] probabilities, long times, double tailMassTruncation)
    {
        long upper = checked((probabilities.Length - 1) * times);
        long lower = 0;
        if (tailMassTruncation == 0) return (lower, upper);
        for (var k = -20; k <= 20; k++)
        {
            if (k == 0) continue;
            var t = (double)k / probabilities.Length;
            // |i·t| ≤ 20, so the plain sum cannot overflow; e^{i·t} by repeated multiplication
            // (relative drift ~ i·1e-16, irrelevant for a bound).
            var mgf = 0.0;
            var step = Math.Exp(t);
            var power = 1.0;
            for (var i = 0; i < probabilities.Length; i++, power *= step) mgf += probabilities[i] * power;
            var logMgf = Math.Log(mgf);
            var bound = (times * logMgf + Math.Log(2 / tailMassTruncation)) / t;
            if (t > 0) upper = Math.Min(upper, (long)Math.Ceiling(bound));
            else lower = Math.Max(lower, (long)Math.Floor(bound));
        }
        return (lower, upper);
    }
}
