using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Mechanisms;

/// <summary>
/// Randomized response (Warner 1965), a local-DP release of one respondent's answer.
/// Two-coin survey: flip a coin; heads → answer truthfully, tails → answer with a second coin.
/// P[yes | yes] = 3/4, P[yes | no] = 1/4, so it is ln 3-DP (Dwork &amp; Roth 2014, Claim 3.5).
/// k-ary: report the truth with probability e^ε/(e^ε + k − 1), otherwise a uniformly chosen other
/// category: ε-DP (Kairouz, Oh &amp; Viswanath 2014/2016). Sampled exactly: propose a uniform category and
/// accept a non-true one with Bernoulli(e^{−ε'}), ε' = ⌊ε·2²⁰⌋/2²⁰ ≤ ε (CKS 2020, Alg. 1).
/// </summary>
public static class RandomizedResponse
{
    /// <summary>The privacy of the two-coin procedure, ln 3.</summary>
    public static readonly double TwoCoinEpsilon = Math.Log(3);

    public static bool TwoCoin(IPrivacyCharger charger, bool answer, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        charger.Charge(new PrivacyCharge(new PureDpEvent(TwoCoinEpsilon), TwoCoinEpsilon, 0, description));
        return TwoCoin(SecureRandomBits.Instance, answer);
    }

    internal static bool TwoCoin(IRandomBits bits, bool answer) => bits.NextBool() ? answer : bits.NextBool();

    /// <summary>Unbiased estimate of the true "yes" fraction from the observed one: 2·observed − 1/2.</summary>
    public static double EstimateTwoCoinProportion(double observedYesFraction) => 2 * observedYesFraction - 0.5;

    public static int KAry(IPrivacyCharger charger, int category, int categories, double epsilon, string description)
    {
        ArgumentNullException.ThrowIfNull(charger);
        var (s, t) = ValidateKAry(category, categories, epsilon);
        charger.Charge(new PrivacyCharge(new PureDpEvent(epsilon), epsilon, 0, description));
        return KAry(SecureRandomBits.Instance, category, categories, s, t);
    }

    internal static (ulong S, ulong T) ValidateKAry(int category, int categories, double epsilon)
    {
        if (categories < 2) throw new ArgumentOutOfRangeException(nameof(categories), $"k-ary randomized response needs at least 2 categories, got {categories}.");
        if (category < 0 || category >= categories)
            throw new ArgumentOutOfRangeException(nameof(category), $"The category must be in [0, {categories}); clamp or recode the data first.");
        var (s, t) = DiscreteLaplaceMechanism.ScaleFor(1, epsilon);
        return (s, t);
    }

    /// <summary>P[truth] ∝ 1 and P[other j] ∝ e^{−s/t} for each of the k − 1 others.</summary>
    internal static int KAry(IRandomBits bits, int category, int categories, ulong s, ulong t)
    {
        while (true)
        {
            var proposal = (int)bits.NextBelow((ulong)categories);
            if (proposal == category || ExactSamplers.BernoulliExpMinus(bits, s, t)) return proposal;
        }
    }

    /// <summary>Unbiased frequency estimates from k-ary reports: (observedᵢ − q)/(p − q), p = e^ε/(e^ε+k−1), q = 1/(e^ε+k−1).</summary>
    public static double[] EstimateKAryFrequencies(IReadOnlyList<long> reportCounts, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(reportCounts);
        var k = reportCounts.Count;
        if (k < 2) throw new ArgumentException("Need counts for at least 2 categories.", nameof(reportCounts));
        var total = reportCounts.Sum();
        if (total <= 0) throw new ArgumentException("Need at least one report.", nameof(reportCounts));
        var e = Math.Exp(epsilon);
        var p = e / (e + k - 1);
        var q = 1 / (e + k - 1);
        return reportCounts.Select(c => ((double)c / total - q) / (p - q)).ToArray();
    }
}
