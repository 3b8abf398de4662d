using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Tests;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a fast, reproducible source for statistical tests.
/// Lives only in the test assembly; production code can only use the OS CSPRNG.
/// </summary>
internal sealed class SeededRandomBits : IRandomBits
{
    private ulong s0, s1, s2, s3;

    public SeededRandomBits(ulong seed)
    {
        s0 = SplitMix(ref seed); s1 = SplitMix(ref seed); s2 = SplitMix(ref seed); s3 = SplitMix(ref seed);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
