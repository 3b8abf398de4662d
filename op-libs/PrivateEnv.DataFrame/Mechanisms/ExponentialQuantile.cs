using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame.Mechanisms;

/// <summary>
/// DP quantile by the exponential mechanism over the intervals between sorted values
/// (Smith 2011, "Privacy-preserving statistical estimation with optimal convergence rates";
/// McSherry &amp; Talwar 2007, Thm 6): ε-DP.
/// With edges lo = e₀ ≤ x₍₁₎ ≤ … ≤ x₍ₙ₎ ≤ eₙ₊₁ = hi, interval Iᵢ = [eᵢ, eᵢ₊₁] has i values below it and
/// utility uᵢ = −|i − q·n|. Adding or removing one row moves i − q·n by at most max(q, 1−q) ≤ 1
/// (times the frame's stability s), so Δu = s. Iᵢ is drawn with probability ∝ |Iᵢ|·exp(ε·uᵢ/(2Δu)),
/// then a point uniformly inside it.
/// </summary>
internal static class ExponentialQuantile
{
    // exp(−745) is below the smallest double: intervals scoring that far under a reference one have
    // weight 0 in double arithmetic relative to it, so leaving them out changes nothing.
    private const double Underflow = 745;

    /// <param name="sorted">Non-missing values clamped to [lo, hi], ascending.</param>
    public static double Sample(double[] sorted, double q, double eps, double lo, double hi, int stability)
    {
        if (hi <= lo) return lo;
        var n = sorted.Length;
        var target = q * n;
        var scale = eps / (2.0 * stability);

        // A reference interval: the positive-length interval nearest the target (best score of the two sides).
        var centre = (int)Math.Clamp(Math.Round(target), 0, n);
        var reference = -1;
        var best = double.NegativeInfinity;
        foreach (var step in (ReadOnlySpan<int>)[-1, 1])
        {
            for (var i = centre; i >= 0 && i <= n; i += step)
            {
                if (Length(sorted, i, lo, hi) <= 0) continue;
                var score = Math.Log(Length(sorted, i, lo, hi)) - scale * Math.Abs(i - target);
                if (score > best) (best, reference) = (score, i);
                break;
            }
        }

        // Any interval scores at most log(hi − lo) − scale·|i − target|; beyond this window that is
        // more than 745 below the reference, so its weight relative to the reference underflows to 0.
        var window = (Math.Log(hi - lo) - best + Underflow) / scale;
        var from = (int)Math.Max(0, Math.Floor(target - window));
        var to = (int)Math.Min(n, Math.Ceiling(target + window));

        // Weight relative to the reference interval: (|Iᵢ|/|I_ref|)·exp(scale·(|ref − t| − |i − t|)); no logarithms.
        var referenceLength = Length(sorted, reference, lo, hi);
        var referenceDistance = Math.Abs(reference - target);
        var weights = new double[to - from + 1];
        double total = 0;
        for (var i = from; i <= to; i++)
        {
            var length = Length(sorted, i, lo, hi);
            var weight = length > 0 ? length / referenceLength * Math.Exp(scale * (referenceDistance - Math.Abs(i - target))) : 0;
            weights[i - from] = weight;
            total += weight;
        }
        // Extreme length ratios (gaps near 1e-300) could overflow the plain weights: redo in logs.
        if (!double.IsFinite(total)) total = LogDomainWeights(sorted, from, to, target, scale, lo, hi, weights);
        var pick = SecureRandom.NextOpenUnitDouble() * total;
        var chosen = reference;
        double running = 0;
        for (var k = 0; k < weights.Length; k++)
        {
            if (weights[k] == 0) continue;
            running += weights[k];
            chosen = from + k;
            if (running >= pick) break;
        }
        var left = Left(sorted, chosen, lo);
        var right = Right(sorted, chosen, hi);
        return Math.Clamp(left + SecureRandom.NextOpenUnitDouble() * (right - left), lo, hi);
    }

    private static double LogDomainWeights(double[] sorted, int from, int to, double target, double scale, double lo, double hi, double[] weights)
    {
        var max = double.NegativeInfinity;
        for (var i = from; i <= to; i++)
        {
            var length = Length(sorted, i, lo, hi);
            weights[i - from] = length > 0 ? Math.Log(length) - scale * Math.Abs(i - target) : double.NegativeInfinity;
            max = Math.Max(max, weights[i - from]);
        }
        double total = 0;
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = Math.Exp(weights[k] - max);
            total += weights[k];
        }
        return total;
    }

    private static double Length(double[] sorted, int i, double lo, double hi) => Right(sorted, i, hi) - Left(sorted, i, lo);
    private static double Left(double[] sorted, int i, double lo) => i == 0 ? lo : sorted[i - 1];
    private static double Right(double[] sorted, int i, double hi) => i == sorted.Length ? hi : sorted[i];
}
