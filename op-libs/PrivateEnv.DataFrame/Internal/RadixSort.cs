namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// LSD radix sort of doubles (no NaN) on their IEEE-754 bits, 8 bits per pass; passes whose byte
/// is the same for every value are skipped. Several times faster than a comparison sort on the
/// million-row columns quantiles need.
/// </summary>
internal static class RadixSort
{
    public static void Sort(double[] values)
    {
        var n = values.Length;
        if (n < 2048)
        {
            Array.Sort(values);
            return;
        }
        var keys = new ulong[n];
        var counts = new int[8 * 256];
        for (var i = 0; i < n; i++)
        {
            var key = ToKey(values[i]);
            keys[i] = key;
            for (var b = 0; b < 8; b++) counts[b * 256 + (int)((key >> (8 * b)) & 0xFF)]++;
        }
        var buffer = new ulong[n];
        var offsets = new int[256];
        for (var b = 0; b < 8; b++)
        {
            var shift = 8 * b;
            if (counts[b * 256 + (int)((keys[0] >> shift) & 0xFF)] == n) continue; // every value shares this byte
            var total = 0;
            for (var d = 0; d < 256; d++)
            {
                offsets[d] = total;
                total += counts[b * 256 + d];
            }
            for (var i = 0; i < n; i++)
            {
                var key = keys[i];
                buffer[offsets[(int)((key >> shift) & 0xFF)]++] = key;
            }
            (keys, buffer) = (buffer, keys);
        }
        for (var i = 0; i < n; i++) values[i] = FromKey(keys[i]);
    }

    // Order-preserving map: flip the sign bit of positives, every bit of negatives.
    private static ulong ToKey(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    private static double FromKey(ulong key)
    {
        var bits = (key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key;
        return BitConverter.Int64BitsToDouble((long)bits);
    }
}
