using System.Numerics;
using PrivateEnv.Privacy.Releases;

using PrivateEnv.DataFrame.Hosting;

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

    /// <summary>
    /// Count, Σ snap(clamp(x) − shift) and Σ snap((clamp(x) − shift)²) in one branch-free vectorised pass (squares when
    /// bounds are given). Grid units are whole numbers below 2²² and the partial sums stay below 2⁵³, so summing them as
    /// doubles is exact in any order: the result is the same integer a long accumulator would give.
    /// </summary>
    public static (long Count, long Sum, long Squares) Moments(double[] values, RowMask mask, double lower, double upper, double shift,
        ContributionBounds sumBounds, ContributionBounds? squareBounds)
    {
        var weights = mask.Weights;
        var width = Vector<double>.Count;
        Vector<double> lo = new(lower), hi = new(upper), offset = new(shift);
        Vector<double> sumLo = new(sumBounds.Lower), sumHi = new(sumBounds.Upper), sumScale = new(sumBounds.UnitsPerValue);
        var squares = squareBounds ?? sumBounds;
        Vector<double> squareLo = new(squares.Lower), squareHi = new(squares.Upper), squareScale = new(squares.UnitsPerValue);
        Vector<double> count = Vector<double>.Zero, sum = Vector<double>.Zero, squareSum = Vector<double>.Zero;
        var i = 0;
        var end = values.Length - width;
        // Whether squares are wanted is a public choice of the statistic, so it may pick the loop.
        if (squareBounds is null)
        {
            for (; i <= end; i += width)
            {
                var x = new Vector<double>(values, i);
                var present = ~Vector.IsNaN(x);
                var take = Vector.ConditionalSelect(present, new Vector<double>(weights, i), Vector<double>.Zero);
                var centred = Vector.Min(Vector.Max(Vector.ConditionalSelect(present, x, lo), lo), hi) - offset;
                count += take;
                sum += take * Vector.Round(Vector.Min(Vector.Max(centred, sumLo), sumHi) * sumScale);
            }
        }
        else
        {
            for (; i <= end; i += width)
            {
                var x = new Vector<double>(values, i);
                var present = ~Vector.IsNaN(x);
                var take = Vector.ConditionalSelect(present, new Vector<double>(weights, i), Vector<double>.Zero);
                var centred = Vector.Min(Vector.Max(Vector.ConditionalSelect(present, x, lo), lo), hi) - offset;
                count += take;
                sum += take * Vector.Round(Vector.Min(Vector.Max(centred, sumLo), sumHi) * sumScale);
                squareSum += take * Vector.Round(Vector.Min(Vector.Max(centred * centred, squareLo), squareHi) * squareScale);
            }
        }
        double tailCount = 0, tailSum = 0, tailSquares = 0;
        for (; i < values.Length; i++)
        {
            var x = values[i];
            var take = double.IsNaN(x) ? 0 : weights[i];
            var centred = Math.Clamp(double.IsNaN(x) ? lower : x, lower, upper) - shift;
            tailCount += take;
            tailSum += take * sumBounds.Snap(centred);
            tailSquares += take * squares.Snap(centred * centred);
        }
        return ((long)(Vector.Sum(count) + tailCount), (long)(Vector.Sum(sum) + tailSum),
            squareBounds is null ? 0 : (long)(Vector.Sum(squareSum) + tailSquares));
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
