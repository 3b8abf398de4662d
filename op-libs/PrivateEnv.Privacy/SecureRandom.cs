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
