using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// Exact sums on a <see cref="ContributionBounds"/> grid plus discrete Laplace noise, one per cell.
/// Guarantee: ε-DP under adding or removing one individual, who owns at most <c>stability</c> rows, each in at
/// most one cell: the integer sum vector moves by at most Δ = stability·MaxUnits in L1, and discrete Laplace noise
/// P[Z = z] ∝ exp(−ε'|z|/Δ) on each cell makes the likelihood ratio at most e^{ε'} (Ghosh, Roughgarden &amp;
/// Sundararajan 2009; sampled exactly in integers, Canonne, Kamath &amp; Steinke 2020, Alg. 2), with
/// ε' = ⌊ε·2²⁰⌋/2²⁰ ≤ ε. The output is (sum + noise)·granularity: an integer times a public grid.
/// </summary>
public sealed class LaplaceSums : ReleasePart
{
    private readonly ulong numerator, denominator;

    public LaplaceSums(ContributionBounds bounds, int cells, int stability, double epsilon)
        : this((bounds ?? throw new ArgumentNullException(nameof(bounds))).Granularity, checked(ValidateStability(stability) * bounds.MaxUnits), cells, epsilon)
    {
    }

    /// <summary>One sum.</summary>
    public LaplaceSums(ContributionBounds bounds, int stability, double epsilon) : this(bounds, 1, stability, epsilon) { }

    /// <summary>Integer queries of L1 sensitivity <paramref name="integerSensitivity"/> released on a grid of <paramref name="granularity"/>.</summary>
    internal LaplaceSums(double granularity, long integerSensitivity, int cells, double epsilon)
    {
        if (cells < 1 || cells > 1 << 24) throw new ArgumentOutOfRangeException(nameof(cells), $"A release has 1 to 2^24 cells, got {cells}.");
        if (integerSensitivity < 0) throw new ArgumentOutOfRangeException(nameof(integerSensitivity), "Internal error: a negative sensitivity.");
        Granularity = granularity;
        Cells = cells;
        Epsilon = ValidateEpsilon(epsilon);
        IntegerSensitivity = integerSensitivity;
        if (IntegerSensitivity > 0) (numerator, denominator) = DiscreteLaplaceMechanism.ScaleFor(IntegerSensitivity, epsilon);
        Event = new PureDpEvent(epsilon);
    }

    /// <summary>The public grid step of the released values.</summary>
    public double Granularity { get; }
    public int Cells { get; }
    public override double Epsilon { get; }
    public override PrivacyEvent Event { get; }

    /// <summary>L1 sensitivity of the sum vector in grid units.</summary>
    public long IntegerSensitivity { get; }

    /// <summary>The noise scale in value units: Δ·granularity/ε.</summary>
    public double NoiseScale => IntegerSensitivity * Granularity / Epsilon;

    /// <summary>The single cell's noisy sum.</summary>
    public double Release(long exactUnits) => Release([exactUnits])[0];

    /// <summary>Each cell's exact sum in grid units (from <see cref="ContributionBounds.Snap"/>) plus its own noise.</summary>
    public double[] Release(ReadOnlySpan<long> exactUnits) => Release(exactUnits, ReleaseRandomness.Current);

    internal double[] Release(ReadOnlySpan<long> exactUnits, IRandomBits bits)
    {
        if (exactUnits.Length != Cells)
            throw new ArgumentException($"Internal error: {exactUnits.Length} sums given for a release of {Cells} cells.");
        BeginRelease();
        var released = new double[Cells];
        if (ReleaseStub.Active) return released; // test mode: outputs that cannot depend on the data
        for (var i = 0; i < Cells; i++) released[i] = SampleUncharged(exactUnits[i], bits);
        return released;
    }

    /// <summary>The mechanism without the charge bookkeeping: only for statistical tests.</summary>
    internal double SampleUncharged(long exactUnits, IRandomBits bits)
    {
        var noise = IntegerSensitivity == 0 ? 0 : ExactSamplers.DiscreteLaplace(bits, numerator, denominator);
        return (double)((Int128)exactUnits + noise) * Granularity;
    }
}
