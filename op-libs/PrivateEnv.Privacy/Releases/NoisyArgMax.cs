using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// Report noisy max over integer utilities: add independent discrete Laplace noise of scale 2Δ/ε' to every
/// candidate's utility and return the index of the largest (the lowest index among ties).
/// Guarantee: ε-DP when one individual moves every utility by at most Δ. Proof sketch (Dwork &amp; Roth 2014,
/// Claim 3.9, with the general-Δ scale): fix the other candidates' noise; candidate i wins iff its noise is at
/// least a threshold r*. On a neighbour every utility moves by ≤ Δ, so noise ≥ r* + 2Δ makes i win there too,
/// with the same tie rule; the discrete Laplace tail satisfies P[Z ≥ r + 2Δ] ≥ e^{−ε'}·P[Z ≥ r].
/// Exact integer sampling: no probability is rounded to zero (unlike Gumbel-max on floating-point uniforms,
/// Ilvento 2020), and the work — one noise draw per candidate — does not depend on the utilities.
/// </summary>
public sealed class NoisyArgMax : ReleasePart
{
    private readonly ulong numerator, denominator;

    /// <param name="disjointGroups">How many times the caller may choose, each time on a disjoint group of rows (parallel composition).</param>
    public NoisyArgMax(int candidates, long utilitySensitivity, double epsilon, int disjointGroups = 1)
    {
        if (disjointGroups < 1 || disjointGroups > 1 << 20)
            throw new ArgumentOutOfRangeException(nameof(disjointGroups), $"Groups must be in [1, 2^20], got {disjointGroups}.");
        DisjointGroups = disjointGroups;
        if (candidates < 1 || candidates > 1 << 20)
            throw new ArgumentOutOfRangeException(nameof(candidates), $"Noisy max needs 1 to 2^20 candidates, got {candidates}.");
        if (utilitySensitivity < 1 || utilitySensitivity > 1L << 39)
            throw new ArgumentOutOfRangeException(nameof(utilitySensitivity), $"The utility sensitivity must be in [1, 2^39], got {utilitySensitivity}.");
        Candidates = candidates;
        UtilitySensitivity = utilitySensitivity;
        Epsilon = ValidateEpsilon(epsilon);
        (numerator, denominator) = DiscreteLaplaceMechanism.ScaleFor(2 * utilitySensitivity, epsilon);
        Event = new PureDpEvent(epsilon);
    }

    public int Candidates { get; }
    public override int DisjointGroups { get; }
    public long UtilitySensitivity { get; }
    public override double Epsilon { get; }
    public override PrivacyEvent Event { get; }

    /// <summary>The chosen candidate's index.</summary>
    public int Release(ReadOnlySpan<long> utilities) => Release(utilities, ReleaseRandomness.Current);

    internal int Release(ReadOnlySpan<long> utilities, IRandomBits bits)
    {
        if (utilities.Length != Candidates)
            throw new ArgumentException($"Internal error: {utilities.Length} utilities given for {Candidates} candidates.");
        BeginRelease();
        return ReleaseStub.Active ? 0 : SampleUncharged(utilities, bits);
    }

    /// <summary>The mechanism without the charge bookkeeping: only for statistical tests.</summary>
    internal int SampleUncharged(ReadOnlySpan<long> utilities, IRandomBits bits)
    {
        var best = 0;
        var bestScore = Int128.MinValue;
        for (var i = 0; i < utilities.Length; i++)
        {
            var score = (Int128)utilities[i] + ExactSamplers.DiscreteLaplace(bits, numerator, denominator);
            if (score > bestScore) (best, bestScore) = (i, score);
        }
        return best;
    }
}
