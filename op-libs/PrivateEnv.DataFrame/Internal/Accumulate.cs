using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// Exact sums over every slot of a row space, in grid units of public <see cref="ContributionBounds"/>: a slot
/// contributes when it is inside the mask and its value is present, and every slot costs the same work either way
/// (no compaction, no allocation that depends on which slots count).
/// </summary>
internal static class Accumulate
{
    /// <summary>Slots inside the mask whose value is present.</summary>
    public static long Count(byte[] mask, byte[] present)
    {
        long count = 0;
        for (var i = 0; i < mask.Length; i++) count += mask[i] & present[i];
        return count;
    }

    /// <summary>Count, Σ snap(clamp(x) − shift) and Σ snap((clamp(x) − shift)²) in one pass (squares when bounds are given).</summary>
    public static (long Count, long Sum, long Squares) Moments(double[] values, byte[] mask, double lower, double upper, double shift,
        ContributionBounds sumBounds, ContributionBounds? squareBounds)
    {
        long count = 0, sum = 0, squares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            long take = mask[i] & (double.IsNaN(x) ? 0 : 1);
            var centred = Math.Clamp(double.IsNaN(x) ? lower : x, lower, upper) - shift;
            count += take;
            sum += take * sumBounds.Snap(centred);
            if (squareBounds is not null) squares += take * squareBounds.Snap(centred * centred);
        }
        return (count, sum, squares);
    }

    /// <summary>Per-cell counts of slots inside the mask with a cell code ≥ 0.</summary>
    public static long[] CellCounts(int[] codes, byte[] mask, int cells)
    {
        var counts = new long[cells + 1]; // the last entry absorbs missing codes, so every slot does the same work
        for (var i = 0; i < codes.Length; i++)
        {
            var code = codes[i];
            var cell = mask[i] == 0 || code < 0 ? cells : code;
            counts[cell]++;
        }
        return counts[..cells];
    }

    /// <summary>Per-cell exact sums of snapped contributions (cells as above).</summary>
    public static long[] CellSums(int[] codes, byte[] mask, double[] values, double lower, double upper, double shift, bool square, ContributionBounds bounds, int cells)
    {
        var sums = new long[cells + 1];
        for (var i = 0; i < codes.Length; i++)
        {
            var x = values[i];
            var code = codes[i];
            var cell = mask[i] == 0 || code < 0 || double.IsNaN(x) ? cells : code;
            var centred = Math.Clamp(double.IsNaN(x) ? lower : x, lower, upper) - shift;
            sums[cell] += bounds.Snap(square ? centred * centred : centred);
        }
        return sums[..cells];
    }
}
