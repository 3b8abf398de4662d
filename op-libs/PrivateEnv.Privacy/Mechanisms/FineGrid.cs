namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// The grid on which continuous values are released, defeating the floating-point attack on
/// textbook Laplace/Gaussian noise (Mironov 2012): the value is rounded to a multiple of a
/// power-of-two granularity g, exact integer noise is added, and the sum is scaled back by g.
/// g = 2^⌊log₂(Δ/1024)⌋ depends only on the public sensitivity Δ, so x/g is exact and Δ/g ∈ [1024, 2048).
/// Rounding moves neighbouring values at most one extra step apart, so the grid sensitivity is
/// ⌈Δ/g⌉ + 1 (at most 0.2% more noise than the continuous mechanism).
/// </summary>
internal readonly record struct FineGrid(double Granularity, long IntegerSensitivity)
{
    private const double MaxGridIndex = 4503599627370496; // 2^52: keeps k + noise exact as a double

    public static FineGrid For(double sensitivity)
    {
        if (!(sensitivity >= 1e-280) || !double.IsFinite(sensitivity))
            throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Sensitivity must be finite and at least 1e-280, got {sensitivity}.");
        var granularity = Math.ScaleB(1.0, Math.ILogB(sensitivity / 1024));
        return new FineGrid(granularity, (long)Math.Ceiling(sensitivity / granularity) + 1);
    }

    /// <summary>
    /// The grid index nearest to the value. Clamping to ±2⁵² (and NaN to 0) is a fixed 1-Lipschitz map,
    /// so it keeps the sensitivity bound; it only bites for values 2⁵² grid steps away from zero.
    /// </summary>
    public long ToGrid(double value)
    {
        if (double.IsNaN(value)) return 0;
        var scaled = Math.Clamp(value / Granularity, -MaxGridIndex, MaxGridIndex);
        return (long)Math.Round(scaled, MidpointRounding.ToEven);
    }

    public double FromGrid(long index) => index * Granularity;
}
