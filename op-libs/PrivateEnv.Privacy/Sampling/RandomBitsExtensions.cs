namespace PrivateEnv.Privacy.Sampling;

/// <summary>Exact uniform draws built from raw bits (rejection sampling, no modulo bias).</summary>
internal static class RandomBitsExtensions
{
    /// <summary>Uniform integer in [0, bound): Lemire's multiply-and-reject method (exactly uniform, usually one multiplication).</summary>
    public static ulong NextBelow(this IRandomBits bits, ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound), "The bound must be positive.");
        var high = Math.BigMul(bits.NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound; // 2^64 mod bound: products whose low part falls below are rejected
            while (low < threshold) high = Math.BigMul(bits.NextUInt64(), bound, out low);
        }
        return high;
    }

    /// <summary>Uniform integer in [0, bound) for 128-bit bounds.</summary>
    public static UInt128 NextBelow(this IRandomBits bits, UInt128 bound)
    {
        if (bound == UInt128.Zero) throw new ArgumentOutOfRangeException(nameof(bound), "The bound must be positive.");
        if (bound <= ulong.MaxValue) return bits.NextBelow((ulong)bound);
        // Draw just enough bits to cover bound and reject values ≥ bound (accepts with probability > 1/2).
        var highBits = 128 - (int)UInt128.LeadingZeroCount(bound - 1) - 64;
        var highMask = highBits >= 64 ? ulong.MaxValue : (1UL << highBits) - 1;
        while (true)
        {
            var x = new UInt128(bits.NextUInt64() & highMask, bits.NextUInt64());
            if (x < bound) return x;
        }
    }

    /// <summary>A fair coin.</summary>
    public static bool NextBool(this IRandomBits bits) => (bits.NextUInt64() >> 63) == 1;

    /// <summary>Uniform double in the open interval (0, 1) with 53 random bits.</summary>
    public static double NextOpenUnitDouble(this IRandomBits bits)
    {
        while (true)
        {
            var x = bits.NextUInt64() >> 11;
            if (x != 0) return x * (1.0 / (1UL << 53));
        }
    }
}
