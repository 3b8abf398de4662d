using System.Security.Cryptography;

namespace PrivateEnv.Privacy;

/// <summary>
/// The only source of randomness behind DP noise and sampling: the OS CSPRNG.
/// It has no seed and no readable state, so cells can neither seed, replay nor predict it.
/// </summary>
public static class SecureRandom
{
    /// <summary>A uniformly random 64-bit value.</summary>
    public static ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>Uniform double in the open interval (0, 1), with 53 random bits.</summary>
    public static double NextOpenUnitDouble()
    {
        while (true)
        {
            var bits = NextUInt64() >> 11;
            if (bits != 0) return bits * (1.0 / (1UL << 53));
        }
    }

    /// <summary>A fair coin.</summary>
    public static bool NextBool() => (NextUInt64() & 1) == 1;

    /// <summary>Uniform integer in [0, exclusiveMax) without modulo bias.</summary>
    public static long NextInt64(long exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return NextBounded((ulong)exclusiveMax);
    }

    /// <summary>
    /// Independent coins, one byte (0 or 1) each, that are 1 with probability ⌊p·2³²⌋/2³² (within 2⁻³² of p, never above
    /// it), drawn in bulk from the OS CSPRNG; the random words are wiped after use.
    /// </summary>
    public static void FillBernoulli(Span<byte> coins, double probability)
    {
        if (!(probability >= 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), $"A probability must be in [0, 1], got {probability}.");
        var threshold = (ulong)Math.Floor(probability * 4294967296.0);
        Span<uint> words = stackalloc uint[256];
        for (var start = 0; start < coins.Length; start += words.Length)
        {
            var block = words[..Math.Min(words.Length, coins.Length - start)];
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(block));
            for (var i = 0; i < block.Length; i++) coins[start + i] = (byte)(block[i] < threshold ? 1 : 0);
        }
        words.Clear();
    }

    private static long NextBounded(ulong bound)
    {
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        while (true)
        {
            var x = NextUInt64();
            if (x < limit) return (long)(x % bound);
        }
    }
}
