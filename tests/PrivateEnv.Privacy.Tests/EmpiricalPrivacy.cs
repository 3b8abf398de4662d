namespace PrivateEnv.Privacy.Tests;

/// <summary>
/// StatDP / DP-Sniper style audit: sample a mechanism on two neighbouring inputs, and for each event
/// E = {output ≥ c} or {output ≤ c} lower-bound the privacy loss ln((P[E|x] − δ)/P[E|x']) using
/// one-sided confidence bounds (lower on the numerator, upper on the denominator), in both directions.
/// If the mechanism is (ε, δ)-DP, every certified loss is ≤ ε except with probability ≤ 2·α·(number of events).
/// </summary>
internal static class EmpiricalPrivacy
{
    public static double CertifiedLoss(double[] onX, double[] onNeighbour, IEnumerable<double> thresholds, double delta, double alpha)
    {
        var worst = double.NegativeInfinity;
        foreach (var c in thresholds)
        {
            foreach (var atLeast in new[] { true, false })
            {
                long a = atLeast ? onX.Count(v => v >= c) : onX.Count(v => v <= c);
                long b = atLeast ? onNeighbour.Count(v => v >= c) : onNeighbour.Count(v => v <= c);
                worst = Math.Max(worst, Loss(a, onX.Length, b, onNeighbour.Length, delta, alpha));
                worst = Math.Max(worst, Loss(b, onNeighbour.Length, a, onX.Length, delta, alpha));
            }
        }
        return worst;
    }

    /// <summary>Same for categorical outputs: events {output = k}.</summary>
    public static double CertifiedLoss(int[] onX, int[] onNeighbour, int categories, double alpha)
    {
        var worst = double.NegativeInfinity;
        for (var k = 0; k < categories; k++)
        {
            long a = onX.Count(v => v == k), b = onNeighbour.Count(v => v == k);
            worst = Math.Max(worst, Loss(a, onX.Length, b, onNeighbour.Length, 0, alpha));
            worst = Math.Max(worst, Loss(b, onNeighbour.Length, a, onX.Length, 0, alpha));
        }
        return worst;
    }

    private static double Loss(long hitsNumerator, long n1, long hitsDenominator, long n2, double delta, double alpha)
    {
        var lower = Statistics.LowerBound(hitsNumerator, n1, alpha) - delta;
        var upper = Statistics.UpperBound(hitsDenominator, n2, alpha);
        return lower <= 0 ? double.NegativeInfinity : Math.Log(lower / upper);
    }
}
