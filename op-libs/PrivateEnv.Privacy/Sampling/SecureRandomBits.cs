using System.Security.Cryptography;

namespace PrivateEnv.Privacy.Sampling;

/// <summary>
/// OS CSPRNG bits, read in per-thread blocks so that exact samplers (which consume many small
/// draws) stay fast. The buffer holds CSPRNG output that is used once and never exposed.
/// </summary>
internal sealed class SecureRandomBits : IRandomBits
{
    public static readonly SecureRandomBits Instance = new();

    private const int BufferWords = 512;

    /// <summary>One block per thread: a single thread-local lookup per draw.</summary>
    private sealed class Block
    {
        public readonly ulong[] Words = new ulong[BufferWords];
        public int Position = BufferWords;
    }

    [ThreadStatic] private static Block? block;

    private SecureRandomBits() { }

    public ulong NextUInt64()
    {
        var current = block ??= new Block();
        if (current.Position == BufferWords)
        {
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(current.Words.AsSpan()));
            current.Position = 0;
        }
        var value = current.Words[current.Position];
        current.Words[current.Position++] = 0; // used bits are not kept around
        return value;
    }
}
