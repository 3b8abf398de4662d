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
    /// <summary>Log-lengths of the n+1 intervals (−∞ for empty ones); shareable across quantiles.</summary>
    public static double[] LogLengths(double[] sorted, double lo, double hi)
    {
        var n = sorted.Length;
        var logLengths = new double[n + 1];
        var previous = lo;
        for (var i = 0; i <= n; i++)
        {
            var next = i < n ? sorted[i] : hi;
            var length = next - previous;
            logLengths[i] = length > 0 ? Math.Log(length) : double.NegativeInfinity;
            previous = next;
        }
        return logLengths;
    }

    /// <param name="sorted">Non-missing values clamped to [lo, hi], ascending.</param>
    /// <param name="logLengths">From <see cref="LogLengths"/> for the same values.</param>
    public static double Sample(double[] sorted, double[] logLengths, double q, double eps, double lo, double hi, int stability)
    {
        if (hi <= lo) return lo;
        var n = sorted.Length;
        var target = q * n;
        var scale = eps / (2.0 * stability);
        var max = double.NegativeInfinity;
        for (var i = 0; i <= n; i++)
        {
            var score = logLengths[i] - scale * Math.Abs(i - target);
            if (score > max) max = score;
        }
        // Weights below exp(−745) are 0 in double arithmetic anyway; skipping them changes nothing.
        var floor = max - 745;
        double total = 0;
        for (var i = 0; i <= n; i++)
        {
            var score = logLengths[i] - scale * Math.Abs(i - target);
            if (score > floor) total += Math.Exp(score - max);
        }
        var pick = SecureRandom.NextOpenUnitDouble() * total;
        var chosen = -1;
        double running = 0;
        for (var i = 0; i <= n; i++)
        {
            var score = logLengths[i] - scale * Math.Abs(i - target);
            if (score <= floor) continue;
            running += Math.Exp(score - max);
            chosen = i;
            if (running >= pick) break;
        }
        var left = chosen == 0 ? lo : sorted[chosen - 1];
        var right = chosen == n ? hi : sorted[chosen];
        return Math.Clamp(left + SecureRandom.NextOpenUnitDouble() * (right - left), lo, hi);
    }
}
