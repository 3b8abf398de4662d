namespace PrivateEnv.Privacy.Tests;

/// <summary>Goodness-of-fit and confidence-bound helpers for the statistical tests.</summary>
internal static class Statistics
{
    /// <summary>
    /// Pearson χ² of observed counts against expected probabilities (bins with expected count &lt; 5 are merged
    /// into their neighbour) and the critical value at level α by the Wilson–Hilferty approximation.
    /// </summary>
    public static (double Statistic, double Critical, int DegreesOfFreedom) ChiSquare(long[] observed, double[] probabilities, double alpha)
    {
        var n = observed.Sum();
        var mergedObserved = new List<double>();
        var mergedExpected = new List<double>();
        double accObserved = 0, accExpected = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            accObserved += observed[i];
            accExpected += probabilities[i] * n;
            if (accExpected >= 5)
            {
                mergedObserved.Add(accObserved); mergedExpected.Add(accExpected);
                accObserved = accExpected = 0;
            }
        }
        if (accExpected > 0 || accObserved > 0)
        {
            mergedObserved[^1] += accObserved; mergedExpected[^1] += accExpected;
        }
        var statistic = 0.0;
        for (var i = 0; i < mergedObserved.Count; i++)
            statistic += (mergedObserved[i] - mergedExpected[i]) * (mergedObserved[i] - mergedExpected[i]) / mergedExpected[i];
        var k = mergedObserved.Count - 1;
        var z = -Numerics.SpecialFunctions.InverseNormalCdf(alpha);
        var critical = k * Math.Pow(1 - 2.0 / (9 * k) + z * Math.Sqrt(2.0 / (9 * k)), 3);
        return (statistic, critical, k);
    }

    /// <summary>
    /// Kolmogorov–Smirnov distance of a sample to a CDF and the DKW bound √(ln(2/α)/(2n)):
    /// P[D &gt; bound] ≤ α for any continuous CDF (Dvoretzky–Kiefer–Wolfowitz, Massart 1990).
    /// </summary>
    public static (double Distance, double Critical) KolmogorovSmirnov(double[] sample, Func<double, double> cdf, double alpha)
    {
        var sorted = sample.OrderBy(x => x).ToArray();
        var n = sorted.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return (d, Math.Sqrt(Math.Log(2 / alpha) / (2 * n)));
    }

    /// <summary>
    /// One-sided Chernoff–Hoeffding (KL) confidence bounds for a binomial proportion: with probability ≥ 1 − α,
    /// p ≤ upper where n·KL(p̂ ‖ upper) = ln(1/α) (and symmetrically for the lower bound). Nearly as tight as Clopper–Pearson.
    /// </summary>
    public static double UpperBound(long successes, long n, double alpha) => Bound(successes, n, alpha, upper: true);

    public static double LowerBound(long successes, long n, double alpha) => Bound(successes, n, alpha, upper: false);

    private static double Bound(long successes, long n, double alpha, bool upper)
    {
        var pHat = (double)successes / n;
        var target = Math.Log(1 / alpha) / n;
        double lo = upper ? pHat : 0, hi = upper ? 1 : pHat;
        for (var i = 0; i < 100; i++)
        {
            var mid = 0.5 * (lo + hi);
            var beyond = Kl(pHat, mid) > target;
            if (upper) { if (beyond) hi = mid; else lo = mid; }
            else { if (beyond) lo = mid; else hi = mid; }
        }
        return upper ? hi : lo;
    }

    private static double Kl(double p, double q)
    {
        double Term(double a, double b) => a == 0 ? 0 : a * Math.Log(a / b);
        if (q <= 0 || q >= 1) return double.PositiveInfinity;
        return Term(p, q) + Term(1 - p, 1 - q);
    }
}
