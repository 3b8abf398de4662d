using System.Buffers;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// LSD radix sort of doubles (no NaN) on their IEEE-754 bits: 11 bits per pass (6 passes, the
/// bucket counts stay in L1 cache); passes whose digit is the same for every value are skipped.
/// Faster than a comparison sort on the million-row columns that quantiles need.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11, Buckets = 1 << DigitBits, Mask = Buckets - 1, Passes = 6;
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    public static void Sort(double[] values)
    {
        var n = values.Length;
        if (n < 4096)
        {
            Array.Sort(values);
            return;
        }
        // Pooled scratch: a Describe sorts many million-row columns; fresh arrays would churn the large-object heap.
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        var buffer = ArrayPool<ulong>.Shared.Rent(n);
        var counts = new int[Passes * Buckets];
        for (var i = 0; i < n; i++)
        {
            var key = ToKey(values[i]);
            keys[i] = key;
            for (var p = 0; p < Passes; p++) counts[p * Buckets + (int)((key >> (DigitBits * p)) & Mask)]++;
        }
        var offsets = new int[Buckets];
        for (var p = 0; p < Passes; p++)
        {
            var shift = DigitBits * p;
            var histogram = counts.AsSpan(p * Buckets, Buckets);
            if (histogram[(int)((keys[0] >> shift) & Mask)] == n) continue; // every value shares this digit
            var total = 0;
            for (var d = 0; d < Buckets; d++)
            {
                offsets[d] = total;
                total += histogram[d];
            }
            for (var i = 0; i < n; i++)
            {
                var key = keys[i];
                buffer[offsets[(int)((key >> shift) & Mask)]++] = key;
            }
            (keys, buffer) = (buffer, keys);
        }
        for (var i = 0; i < n; i++) values[i] = FromKey(keys[i]);
        ArrayPool<ulong>.Shared.Return(keys);
        ArrayPool<ulong>.Shared.Return(buffer);
    }

    // Order-preserving map to unsigned integers: set the sign bit of positives, flip every bit of negatives.
    private static ulong ToKey(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    private static double FromKey(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & SignBit) != 0 ? key & ~SignBit : ~key));
}
