namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// The public grid of a sum. Each row's contribution is clamped to [<see cref="Lower"/>, <see cref="Upper"/>] and
/// rounded to the nearest multiple of <see cref="Granularity"/>, a power of two fixed by the bounds alone, and kept
/// as an integer number of grid units. Sums of those integers are exact, so one row moves a sum by at most
/// <see cref="MaxUnits"/> units however the rows are ordered or rounded: the sensitivity holds in the arithmetic
/// actually done, not only over the reals (the floating-point summation attacks of Casacuberta et al., CCS 2022,
/// have nothing to work with), and the released value is an integer times the grid, so it carries no remainder
/// of the exact value (Mironov 2012).
/// </summary>
public sealed record ContributionBounds
{
    /// <summary>A general sum has at least 2²⁰ grid units between 0 and its largest bound (rounding error ≤ 2⁻²¹ of it per row).</summary>
    public const int UnitsBits = 20;

    private readonly double scale;

    private ContributionBounds(double lower, double upper, double granularity)
    {
        Lower = lower;
        Upper = upper;
        Granularity = granularity;
        scale = 1 / granularity;
        ZeroUnits = SnapClamped(Math.Clamp(0, lower, upper));
        MaxUnits = Math.Max(Math.Abs(SnapClamped(lower)), Math.Abs(SnapClamped(upper)));
    }

    /// <summary>Contributions clamped to [lower, upper] on a grid of 2^(⌊log₂ max(|lower|, |upper|)⌋ − 20).</summary>
    public static ContributionBounds Range(double lower, double upper)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
            throw new ArgumentException($"Contribution bounds must be finite with lower ≤ upper, got [{lower}, {upper}].");
        var largest = Math.Max(Math.Abs(lower), Math.Abs(upper));
        if (largest == 0) return new ContributionBounds(lower, upper, 1);
        if (largest > 1e300 || largest < 1e-290)
            throw new ArgumentException($"Contribution bounds must lie within ±1e300 and not both within ±1e-290, got [{lower}, {upper}]; rescale the values.");
        return new ContributionBounds(lower, upper, Math.ScaleB(1.0, Math.ILogB(largest) - UnitsBits));
    }

    /// <summary>0/1 contributions on the integer grid: counts, histogram cells.</summary>
    public static ContributionBounds Indicator { get; } = new(0, 1, 1);

    public double Lower { get; }
    public double Upper { get; }

    /// <summary>The grid step, a power of two.</summary>
    public double Granularity { get; }

    /// <summary>1 / <see cref="Granularity"/> (exact: a power of two): value × this, rounded, is <see cref="Snap"/> of a clamped value.</summary>
    public double UnitsPerValue => scale;

    /// <summary>The largest |contribution| in grid units: one row moves a sum by at most this.</summary>
    public long MaxUnits { get; }

    /// <summary>The units of a missing (NaN) contribution: clamp(0), so a missing value adds nothing unless 0 is out of bounds.</summary>
    public long ZeroUnits { get; }

    /// <summary>A value clamped to the bounds, in grid units (ties to even). NaN counts as 0 clamped into the bounds.</summary>
    public long Snap(double value) => double.IsNaN(value) ? ZeroUnits : SnapClamped(Math.Clamp(value, Lower, Upper));

    private long SnapClamped(double clamped) => (long)Math.Round(clamped * scale, MidpointRounding.ToEven);
}
