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
    // exp(−745) is below the smallest double: intervals scoring that far under the best one have
    // weight exactly 0 in double arithmetic, so leaving them out changes nothing.
    private const double Underflow = 745;

    /// <param name="sorted">Non-missing values clamped to [lo, hi], ascending.</param>
    public static double Sample(double[] sorted, double q, double eps, double lo, double hi, int stability)
    {
        if (hi <= lo) return lo;
        var n = sorted.Length;
        var target = q * n;
        var scale = eps / (2.0 * stability);

        // A lower bound on the best score, from the positive-length intervals nearest the target.
        var centre = (int)Math.Clamp(Math.Round(target), 0, n);
        var best = double.NegativeInfinity;
        for (var i = centre; i >= 0; i--)
            if (Length(sorted, i, lo, hi) > 0) { best = Math.Max(best, Score(sorted, i, target, scale, lo, hi)); break; }
        for (var i = centre; i <= n; i++)
            if (Length(sorted, i, lo, hi) > 0) { best = Math.Max(best, Score(sorted, i, target, scale, lo, hi)); break; }

        // Any interval scores at most log(hi − lo) − scale·|i − target|; beyond this window that is
        // below best − 745, hence weight 0.
        var window = (Math.Log(hi - lo) - best + Underflow) / scale;
        var from = (int)Math.Max(0, Math.Floor(target - window));
        var to = (int)Math.Min(n, Math.Ceiling(target + window));

        var scores = new double[to - from + 1];
        var max = double.NegativeInfinity;
        for (var i = from; i <= to; i++)
        {
            var score = Score(sorted, i, target, scale, lo, hi);
            scores[i - from] = score;
            if (score > max) max = score;
        }
        double total = 0;
        for (var k = 0; k < scores.Length; k++)
        {
            var weight = scores[k] > max - Underflow ? Math.Exp(scores[k] - max) : 0;
            scores[k] = weight;
            total += weight;
        }
        var pick = SecureRandom.NextOpenUnitDouble() * total;
        var chosen = to;
        double running = 0;
        for (var k = 0; k < scores.Length; k++)
        {
            if (scores[k] == 0) continue;
            running += scores[k];
            chosen = from + k;
            if (running >= pick) break;
        }
        var left = Left(sorted, chosen, lo);
        var right = Right(sorted, chosen, hi);
        return Math.Clamp(left + SecureRandom.NextOpenUnitDouble() * (right - left), lo, hi);
    }

    private static double Score(double[] sorted, int i, double target, double scale, double lo, double hi)
    {
        var length = Length(sorted, i, lo, hi);
        return length > 0 ? Math.Log(length) - scale * Math.Abs(i - target) : double.NegativeInfinity;
    }

    private static double Length(double[] sorted, int i, double lo, double hi) => Right(sorted, i, hi) - Left(sorted, i, lo);
    private static double Left(double[] sorted, int i, double lo) => i == 0 ? lo : sorted[i - 1];
    private static double Right(double[] sorted, int i, double hi) => i == sorted.Length ? hi : sorted[i];
}
