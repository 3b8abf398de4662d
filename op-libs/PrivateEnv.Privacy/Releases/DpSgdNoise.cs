using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PrivateEnv.Privacy.Numerics;

namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// DP-SGD's randomness as one release part (Abadi et al. 2016, Alg. 1): for each of <see cref="Steps"/> steps, the
/// Poisson membership of every row slot (each independently with probability ⌊q·2³²⌋/2³² ≤ q), and Gaussian noise
/// N(0, σ²C²) on every coordinate of the clipped gradient sum. Charged once, as T compositions of the Poisson-
/// subsampled Gaussian (Mironov, Talwar &amp; Zhang 2019); the part refuses a step beyond T. All bits come from the OS
/// CSPRNG and are wiped once used: nothing has a seed or state a cell could set, read or replay.
/// <para>
/// Floating point: noise is Box–Muller in double precision on uniforms with 53 significant bits, refined to 106 bits
/// near zero so the radius reaches R = √(2·106·ln 2) ≈ 12.12 standard deviations; it is added to the float64 clipped
/// sum and the result rounded to a public grid of σC·2⁻¹² before it is stored in float32 (post-processing).
/// The bounded support leaves a gap an adversary could land in with probability at most
/// <see cref="TruncationDelta"/> = 2·d·T·Φ(−(R − 1/σ)), which the trainer charges as part of δ. That the noise's finer
/// lattice structure (53-bit uniforms, libm rounding) is negligible at the σC·2⁻¹² output grid is argued in
/// docs/threat-model.md, not proven.
/// </para>
/// </summary>
public sealed class DpSgdNoise : ReleasePart
{
    /// <summary>The radius of the noise's support in standard deviations (106-bit uniforms).</summary>
    public static readonly double SupportRadius = Math.Sqrt(2 * 106 * Math.Log(2));

    private const int OutputGridBits = 12;
    private const double TwoToThe32 = 4294967296.0;
    private const double TwoToTheMinus53 = 1.0 / (1UL << 53);
    private static readonly double TwoToTheMinus106 = Math.ScaleB(1.0, -106);

    private readonly ulong threshold;
    private readonly double noiseStd;
    private readonly double outputGrid;
    private int stepsTaken;

    public DpSgdNoise(double samplingProbability, double noiseMultiplier, double l2NormClip, int steps, double epsilon, double delta)
    {
        if (!(samplingProbability > 0 && samplingProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(samplingProbability), $"The sampling probability must be in (0, 1], got {samplingProbability}.");
        if (!double.IsFinite(noiseMultiplier) || noiseMultiplier <= 0)
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), $"noiseMultiplier must be a finite number > 0, got {noiseMultiplier}.");
        if (!double.IsFinite(l2NormClip) || l2NormClip <= 0)
            throw new ArgumentOutOfRangeException(nameof(l2NormClip), $"l2NormClip must be a finite number > 0, got {l2NormClip}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (!double.IsFinite(epsilon) || epsilon < 0) throw new ArgumentOutOfRangeException(nameof(epsilon), $"ε must be finite and ≥ 0, got {epsilon}.");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), $"targetDelta must be in (0, 1), got {delta}.");
        SamplingProbability = samplingProbability;
        NoiseMultiplier = noiseMultiplier;
        L2NormClip = l2NormClip;
        Steps = steps;
        Epsilon = epsilon;
        Delta = delta;
        threshold = (ulong)Math.Floor(samplingProbability * TwoToThe32);
        noiseStd = noiseMultiplier * l2NormClip;
        outputGrid = Math.ScaleB(1.0, Math.ILogB(noiseStd) - OutputGridBits);
        Event = RunEvent(samplingProbability, noiseMultiplier, steps);
    }

    public double SamplingProbability { get; }
    public double NoiseMultiplier { get; }
    public double L2NormClip { get; }
    public int Steps { get; }
    public override double Epsilon { get; }
    public override double Delta { get; }
    public override PrivacyEvent Event { get; }

    /// <summary>T steps of the Poisson-subsampled Gaussian.</summary>
    public static PrivacyEvent RunEvent(double samplingProbability, double noiseMultiplier, int steps) =>
        new SelfComposedEvent(new PoissonSampledEvent(samplingProbability, new GaussianEvent(noiseMultiplier)), steps);

    /// <summary>
    /// The δ of the noise's bounded support over a run: each of d coordinates in each of T steps can land beyond
    /// what a neighbour (shifted by at most C, i.e. 1/σ standard deviations) can produce with probability at most
    /// 2Φ(−(R − 1/σ)).
    /// </summary>
    public static double TruncationDelta(long parameters, int steps, double noiseMultiplier)
    {
        var tail = SpecialFunctions.NormalCdf(-(SupportRadius - 1 / noiseMultiplier));
        return Math.Min(1, 2.0 * parameters * steps * tail);
    }

    /// <summary>Starts the next step: the indices of the slots 0..slots−1 that are in its Poisson sample.</summary>
    public long[] SampleStep(int slots)
    {
        RequireCharged();
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        if (Interlocked.Increment(ref stepsTaken) > Steps)
            throw new InvalidOperationException($"Internal error: the run was charged for {Steps} steps.");
        var words = ArrayPool<uint>.Shared.Rent(slots);
        var span = words.AsSpan(0, slots);
        try
        {
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(span));
            var count = 0;
            foreach (var word in span) count += word < threshold ? 1 : 0;
            var indices = new long[count];
            for (int i = 0, j = 0; i < span.Length; i++)
                if (span[i] < threshold) indices[j++] = i;
            return indices;
        }
        finally
        {
            span.Clear();
            ArrayPool<uint>.Shared.Return(words);
        }
    }

    /// <summary>
    /// One clipped gradient sum of the current step (float64) plus N(0, σ²C²) per value, formed in double precision,
    /// rounded to the public output grid and written to <paramref name="noisy"/> (float32).
    /// </summary>
    public void AddNoise(ReadOnlySpan<double> clippedSum, Span<float> noisy)
    {
        RequireCharged();
        if (Volatile.Read(ref stepsTaken) == 0) throw new InvalidOperationException("Internal error: noise was requested before the first step.");
        if (clippedSum.Length != noisy.Length) throw new ArgumentException("Internal error: the sum and the output differ in length.");
        if (ReleaseStub.Active)
        {
            noisy.Clear();
            return;
        }
        var pairs = (clippedSum.Length + 1) / 2;
        var words = ArrayPool<ulong>.Shared.Rent(2 * pairs);
        var span = words.AsSpan(0, 2 * pairs);
        try
        {
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(span));
            for (var k = 0; k < pairs; k++)
            {
                var radius = noiseStd * Math.Sqrt(-2.0 * Math.Log(Uniform(span[2 * k])));
                var (sin, cos) = Math.SinCos(2.0 * Math.PI * ((span[2 * k + 1] >> 11) * TwoToTheMinus53));
                noisy[2 * k] = Noisy(clippedSum[2 * k], radius * cos);
                if (2 * k + 1 < clippedSum.Length) noisy[2 * k + 1] = Noisy(clippedSum[2 * k + 1], radius * sin);
            }
        }
        finally
        {
            span.Clear();
            ArrayPool<ulong>.Shared.Return(words);
        }
    }

    private float Noisy(double sum, double noise) => (float)(Math.Round((sum + noise) / outputGrid) * outputGrid);

    /// <summary>A uniform in (0, 1]: 53 bits, and 53 more below 2⁻²⁶ so the logarithm's tail reaches 2⁻¹⁰⁶.</summary>
    private static double Uniform(ulong word)
    {
        var high = word >> 11;
        if (high >= 1UL << 27) return (high + 1) * TwoToTheMinus53;
        Span<byte> extra = stackalloc byte[8];
        RandomNumberGenerator.Fill(extra);
        var low = BitConverter.ToUInt64(extra) >> 11;
        extra.Clear();
        return (Math.ScaleB(high, 53) + low + 1) * TwoToTheMinus106;
    }
}
