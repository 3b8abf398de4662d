using System.Numerics;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// Fast access to column storage: numeric columns are read from their contiguous buffers and
/// validity bitmaps (Arrow layout: bit i of byte i/8, least significant first) instead of the
/// boxing indexer. Missing numbers become NaN in arrays; numeric columns never store NaN itself.
/// </summary>
internal static class ColumnData
{
    public static Mda.PrimitiveDataFrameColumn<double> AsNumeric(Mda.DataFrameColumn column) =>
        column as Mda.PrimitiveDataFrameColumn<double>
        ?? throw new InvalidOperationException("Internal error: a numeric column is not stored as doubles.");

    /// <summary>Values with NaN for missing.</summary>
    public static double[] ReadNumeric(Mda.DataFrameColumn column)
    {
        var numeric = AsNumeric(column);
        var result = new double[numeric.Length];
        var data = numeric.GetReadOnlyDataBuffers().ToList();
        var bitmaps = numeric.GetReadOnlyNullBitMapBuffers().ToList();
        var offset = 0;
        for (var b = 0; b < data.Count; b++)
        {
            var values = data[b].Span;
            var bitmap = bitmaps[b].Span;
            var target = result.AsSpan(offset, values.Length);
            values.CopyTo(target);
            if (numeric.NullCount > 0)
                for (var i = 0; i < values.Length; i++)
                    if ((bitmap[i >> 3] & (1 << (i & 7))) == 0) target[i] = double.NaN;
            offset += values.Length;
        }
        return result;
    }

    /// <summary>A numeric column from values with NaN for missing.</summary>
    public static Mda.DoubleDataFrameColumn BuildNumeric(string name, double[] values)
    {
        var column = new Mda.DoubleDataFrameColumn(name, values);
        for (var i = 0; i < values.Length; i++)
            if (double.IsNaN(values[i])) column[i] = null;
        return column;
    }

    /// <summary>The rows of <paramref name="column"/> where <paramref name="keep"/> is true, in order.</summary>
    public static Mda.DataFrameColumn Filter(Mda.DataFrameColumn column, bool[] keep, int kept)
    {
        if (column is Mda.PrimitiveDataFrameColumn<double>)
        {
            var values = ReadNumeric(column);
            var result = new double[kept];
            for (int i = 0, j = 0; i < values.Length; i++) if (keep[i]) result[j++] = values[i];
            return BuildNumeric(column.Name, result);
        }
        var strings = ReadStrings(column);
        var filtered = new string?[kept];
        for (int i = 0, j = 0; i < strings.Length; i++) if (keep[i]) filtered[j++] = strings[i];
        return BuildStrings(column.Name, filtered);
    }

    public static string?[] ReadStrings(Mda.DataFrameColumn column)
    {
        var strings = column as Mda.StringDataFrameColumn
            ?? throw new InvalidOperationException("Internal error: a categorical or text column is not stored as strings.");
        var result = new string?[strings.Length];
        for (long i = 0; i < strings.Length; i++) result[i] = strings[i];
        return result;
    }

    public static Mda.StringDataFrameColumn BuildStrings(string name, string?[] values) => new(name, values);

    /// <summary>Non-missing values clamped to [lo, hi], sorted ascending.</summary>
    public static double[] SortedValid(Mda.DataFrameColumn column, double lo, double hi)
    {
        var numeric = AsNumeric(column);
        var result = new double[numeric.Length - numeric.NullCount];
        var data = numeric.GetReadOnlyDataBuffers().ToList();
        var bitmaps = numeric.GetReadOnlyNullBitMapBuffers().ToList();
        var n = 0;
        for (var b = 0; b < data.Count; b++)
        {
            var values = data[b].Span;
            var bitmap = bitmaps[b].Span;
            for (var i = 0; i < values.Length; i++)
                if ((bitmap[i >> 3] & (1 << (i & 7))) != 0) result[n++] = Math.Clamp(values[i], lo, hi);
        }
        RadixSort.Sort(result);
        return result;
    }

    /// <summary>
    /// Count of non-missing values, Σ(clamp(x) − shift) and Σ(clamp(x) − shift)² in one pass over
    /// the buffers; vectorised when the column has no missing values.
    /// </summary>
    public static (long Count, double Sum, double SumOfSquares) Moments(Mda.DataFrameColumn column, double lo, double hi, double shift, bool squares)
    {
        var numeric = AsNumeric(column);
        var data = numeric.GetReadOnlyDataBuffers().ToList();
        var bitmaps = numeric.GetReadOnlyNullBitMapBuffers().ToList();
        long count = 0;
        double sum = 0, sumSq = 0;
        var noMissing = numeric.NullCount == 0;
        for (var b = 0; b < data.Count; b++)
        {
            var values = data[b].Span;
            if (noMissing)
            {
                var (s, q) = DenseMoments(values, lo, hi, shift, squares);
                sum += s;
                sumSq += q;
                count += values.Length;
                continue;
            }
            var bitmap = bitmaps[b].Span;
            for (var i = 0; i < values.Length; i++)
            {
                if ((bitmap[i >> 3] & (1 << (i & 7))) == 0) continue;
                var centred = Math.Clamp(values[i], lo, hi) - shift;
                sum += centred;
                sumSq += centred * centred;
                count++;
            }
        }
        return (count, sum, squares ? sumSq : 0);
    }

    private static (double Sum, double SumOfSquares) DenseMoments(ReadOnlySpan<double> values, double lo, double hi, double shift, bool squares)
    {
        var width = Vector<double>.Count;
        var low = new Vector<double>(lo);
        var high = new Vector<double>(hi);
        var offset = new Vector<double>(shift);
        var sum = Vector<double>.Zero;
        var sumSq = Vector<double>.Zero;
        var i = 0;
        if (squares)
        {
            for (; i <= values.Length - width; i += width)
            {
                var centred = Vector.Min(Vector.Max(new Vector<double>(values.Slice(i, width)), low), high) - offset;
                sum += centred;
                sumSq += centred * centred;
            }
        }
        else
        {
            for (; i <= values.Length - width; i += width)
                sum += Vector.Min(Vector.Max(new Vector<double>(values.Slice(i, width)), low), high) - offset;
        }
        double total = Vector.Sum(sum), totalSq = Vector.Sum(sumSq);
        for (; i < values.Length; i++)
        {
            var centred = Math.Clamp(values[i], lo, hi) - shift;
            total += centred;
            totalSq += centred * centred;
        }
        return (total, totalSq);
    }
}
