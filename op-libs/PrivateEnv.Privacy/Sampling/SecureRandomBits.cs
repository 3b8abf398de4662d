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

    [ThreadStatic] private static ulong[]? buffer;
    [ThreadStatic] private static int position;

    private SecureRandomBits() { }

    public ulong NextUInt64()
    {
        var words = buffer;
        if (words is null || position >= BufferWords)
        {
            words ??= buffer = new ulong[BufferWords];
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
            position = 0;
        }
        var value = words[position];
        words[position++] = 0; // used bits are not kept around
        return value;
    }
}
