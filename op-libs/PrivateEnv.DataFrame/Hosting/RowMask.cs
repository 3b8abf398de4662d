namespace PrivateEnv.DataFrame.Hosting;

/// <summary>
/// Which slots of a <see cref="RowSpace"/> are in a frame: one byte (0 or 1) per slot. Private: it is never
/// shown, counted or branched on except inside a DP release. <see cref="IsPopulation"/> is public: it says whether
/// the mask is the dataset as loaded (no filter, split or sample applied), which only the cell's code decides.
/// </summary>
public sealed class RowMask
{
    private RowMask(byte[] inside, bool isPopulation)
    {
        Inside = inside;
        IsPopulation = isPopulation;
    }

    /// <summary>1 for a slot in the frame, 0 otherwise; never written after construction.</summary>
    public byte[] Inside { get; }

    public bool IsPopulation { get; }

    private double[]? weights;

    /// <summary>The mask as 0.0/1.0 per slot, for vectorised sums (made once per mask).</summary>
    public double[] Weights
    {
        get
        {
            if (weights is { } cached) return cached;
            var made = new double[Inside.Length];
            for (var i = 0; i < made.Length; i++) made[i] = Inside[i];
            return weights = made;
        }
    }

    public int Size => Inside.Length;

    /// <summary>The loaded population: the first <paramref name="rows"/> slots of <paramref name="size"/>.</summary>
    public static RowMask Population(int rows, int size)
    {
        var inside = new byte[size];
        inside.AsSpan(0, rows).Fill(1);
        return new RowMask(inside, true);
    }

    /// <summary>A mask from bytes that are 0 or 1 (not copied: the caller hands them over).</summary>
    public static RowMask FromBytes(byte[] inside, bool isPopulation = false) => new(inside, isPopulation);

    /// <summary>Slots in both masks.</summary>
    public RowMask And(RowMask other)
    {
        if (ReferenceEquals(this, other)) return this;
        var result = new byte[Size];
        var a = Inside;
        var b = other.Inside;
        for (var i = 0; i < result.Length; i++) result[i] = (byte)(a[i] & b[i]);
        return new RowMask(result, IsPopulation && other.IsPopulation);
    }

    /// <summary>Slots in this mask where <paramref name="keep"/> is 1.</summary>
    public RowMask And(byte[] keep)
    {
        var result = new byte[Size];
        var a = Inside;
        for (var i = 0; i < result.Length; i++) result[i] = (byte)(a[i] & keep[i]);
        return new RowMask(result, false);
    }

    /// <summary>
    /// Slots in this mask whose value is present: used where the libraries leave missing labels out of training. The
    /// population flag stays, since no filter of the cell's chose these rows (missing values are part of the dataset).
    /// </summary>
    public RowMask WithoutMissing(byte[] present)
    {
        var result = And(present);
        return new RowMask(result.Inside, IsPopulation);
    }

    /// <summary>Slots in this mask where <paramref name="keep"/> is 0.</summary>
    public RowMask AndNot(byte[] keep)
    {
        var result = new byte[Size];
        var a = Inside;
        for (var i = 0; i < result.Length; i++) result[i] = (byte)(a[i] & (keep[i] ^ 1));
        return new RowMask(result, false);
    }
}
