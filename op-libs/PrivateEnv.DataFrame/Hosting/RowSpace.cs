using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame.Hosting;

/// <summary>
/// The row slots of one dataset. Its size is public (the owner's declared row count, or the loaded rows rounded up
/// to four significant bits), and every column and mask of every frame derived from the dataset has exactly that
/// many slots; a slot is one individual's row, empty slots are padding. Filters, splits and samples change masks,
/// never sizes, so the work, memory and shapes of everything a cell does depend on public sizes only, and series
/// of one space always line up slot by slot (one person's values are never paired with another's).
/// Concatenation makes a new, larger space in which one individual may own several slots (<see cref="Stability"/>).
/// </summary>
public sealed class RowSpace
{
    public RowSpace(IPrivacyCharger charger, int size, int stability, long? declaredRows)
    {
        Charger = charger ?? throw new ArgumentNullException(nameof(charger));
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size));
        Size = size;
        Stability = stability >= 1 ? stability : throw new ArgumentOutOfRangeException(nameof(stability));
        DeclaredRows = declaredRows;
    }

    public IPrivacyCharger Charger { get; }

    /// <summary>The number of slots (public).</summary>
    public int Size { get; }

    /// <summary>How many slots one individual can own: 1 for loaded data; concatenation adds. Sensitivities scale by it.</summary>
    public int Stability { get; }

    /// <summary>The owner's published row count of the whole population (public), if any.</summary>
    public long? DeclaredRows { get; }

    /// <summary>
    /// The slot count for <paramref name="rows"/> loaded rows: the declared count (which must not be exceeded), or the
    /// count rounded up to four significant bits (at most 6.25 % padding; only the bucket reaches time and memory).
    /// </summary>
    public static int SizeFor(int rows, long? declared, string dataset)
    {
        if (declared is { } d)
        {
            if (rows > d) throw new InvalidDataException($"Dataset '{dataset}' has more rows than its metadata declares (rows: {d}); fix the metadata or the data.");
            return (int)d;
        }
        if (rows <= 16) return 16;
        var shift = Math.Max(0, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)rows) - 4);
        var step = 1 << shift;
        return checked((rows + step - 1) / step * step);
    }

    public void RequireSame(RowSpace other, string operation)
    {
        if (!ReferenceEquals(this, other))
            throw new InvalidOperationException(
                $"{operation} needs series of the same dataset's rows; these come from different datasets or from a Concat. " +
                "Combine the columns of one dataset (filters and splits of it are fine).");
    }
}
