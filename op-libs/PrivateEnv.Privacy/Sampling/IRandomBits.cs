namespace PrivateEnv.Privacy.Sampling;

/// <summary>
/// The source of uniform random bits behind every sampler. Production code only ever uses
/// <see cref="SecureRandomBits"/>; tests plug in a seeded source through InternalsVisibleTo so
/// statistical tests are reproducible. Internal on purpose: cells cannot name it, so they can
/// never seed or replay the noise.
/// </summary>
internal interface IRandomBits
{
    /// <summary>64 uniformly random bits.</summary>
    ulong NextUInt64();
}
