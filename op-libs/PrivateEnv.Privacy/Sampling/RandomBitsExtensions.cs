namespace PrivateEnv.Privacy.Sampling;

/// <summary>Exact uniform draws built from raw bits (rejection sampling, no modulo bias).</summary>
internal static class RandomBitsExtensions
{
    /// <summary>Uniform integer in [0, bound).</summary>
    public static ulong NextBelow(this IRandomBits bits, ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound), "The bound must be positive.");
        if ((bound & (bound - 1)) == 0) return bits.NextUInt64() & (bound - 1);
        var limit = ulong.MaxValue - ulong.MaxValue % bound; // accept x < limit, a multiple of bound
        while (true)
        {
            var x = bits.NextUInt64();
            if (x < limit) return x % bound;
        }
    }

    /// <summary>Uniform integer in [0, bound) for 128-bit bounds.</summary>
    public static UInt128 NextBelow(this IRandomBits bits, UInt128 bound)
    {
        if (bound == UInt128.Zero) throw new ArgumentOutOfRangeException(nameof(bound), "The bound must be positive.");
        if (bound <= ulong.MaxValue) return bits.NextBelow((ulong)bound);
        var limit = UInt128.MaxValue - UInt128.MaxValue % bound;
        while (true)
        {
            var x = new UInt128(bits.NextUInt64(), bits.NextUInt64());
            if (x < limit) return x % bound;
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
