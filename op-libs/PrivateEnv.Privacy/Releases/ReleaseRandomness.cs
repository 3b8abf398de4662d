using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// The bits behind every release part's noise: the OS CSPRNG, unless a test assembly installs a seeded source for
/// its own async flow (so statistical tests are reproducible). Internal: cells can name nothing internal, and the
/// worker never installs one.
/// </summary>
internal static class ReleaseRandomness
{
    private static readonly AsyncLocal<IRandomBits?> seeded = new();

    public static IRandomBits Current => seeded.Value ?? SecureRandomBits.Instance;

    public static IDisposable Use(IRandomBits bits)
    {
        seeded.Value = bits;
        return new Reset();
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => seeded.Value = null;
    }
}
