using PrivateEnv.Privacy.Numerics;
using static PrivateEnv.Privacy.Numerics.SpecialFunctions;

namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// Rényi DP of the Poisson-subsampled Gaussian mechanism, after Mironov, Talwar &amp; Zhang,
/// "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (2019): Section 3.3 for
/// integer orders, Section 3.4 (two series with log-erfc terms) for fractional orders.
/// All sums are carried in log space.
/// </summary>
public static class SubsampledGaussianRdp
{
    /// <summary>RDP at order α of one step: sampling probability q, noise multiplier σ (noise std / L2 sensitivity).</summary>
    public static double Compute(double samplingProbability, double noiseMultiplier, double order)
    {
        var q = samplingProbability;
        var sigma = noiseMultiplier;
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(samplingProbability), $"The sampling probability must be in [0, 1], got {q}.");
        if (!(sigma >= 0)) throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), $"The noise multiplier must be ≥ 0, got {sigma}.");
        if (!(order > 1)) throw new ArgumentOutOfRangeException(nameof(order), $"Rényi orders must be > 1, got {order}.");
        if (q == 0) return 0;
        if (sigma == 0) return double.PositiveInfinity;
        if (double.IsPositiveInfinity(order)) return double.PositiveInfinity;
        if (q == 1) return order / (2 * sigma * sigma);
        var subsampled = order == Math.Floor(order)
            ? LogAIntegerOrder(q, sigma, (long)order) / (order - 1)
            : LogAFractionalOrder(q, sigma, order) / (order - 1);
        // Sampling never costs more than the unsampled Gaussian's α/(2σ²); for q ≈ 0 and huge σ the series can round
        // below zero, and that bound then stands in (still a valid RDP value, never an undercount).
        var unsampled = order / (2 * sigma * sigma);
        return subsampled >= 0 ? Math.Min(subsampled, unsampled) : unsampled;
    }

    /// <summary>log A_α = log Σ_k C(α,k) (1−q)^{α−k} q^k exp((k²−k)/(2σ²)).</summary>
    private static double LogAIntegerOrder(double q, double sigma, long alpha)
    {
        var logA = double.NegativeInfinity;
        var logQ = Math.Log(q);
        var log1MinusQ = SpecialFunctions.Log1p(-q);
        var logBinomial = 0.0; // log C(α, 0)
        for (long k = 0; k <= alpha; k++)
        {
            if (k > 0) logBinomial += Math.Log(alpha - k + 1) - Math.Log(k);
            var term = logBinomial + k * logQ + (alpha - k) * log1MinusQ + (k * k - k) / (2 * sigma * sigma);
            logA = LogAdd(logA, term);
        }
        return logA;
    }

    /// <summary>
    /// Fractional α: A_α = A₀ + A₁ where, with z₀ = σ² log(1/q − 1) + 1/2,
    /// A₀ = Σ_i C(α,i) q^i (1−q)^{α−i} e^{(i²−i)/(2σ²)} · ½erfc((i − z₀)/(√2σ)) and
    /// A₁ = Σ_i C(α,i) q^{α−i} (1−q)^i e^{((α−i)²−(α−i))/(2σ²)} · ½erfc((z₀ − (α−i))/(√2σ)).
    /// The binomials alternate in sign past i &gt; α, so positive and negative parts are tracked;
    /// the series stops once both terms fall below e^{−30}.
    /// </summary>
    private static double LogAFractionalOrder(double q, double sigma, double alpha)
    {
        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        double negA0 = double.NegativeInfinity, negA1 = double.NegativeInfinity;
        var logQ = Math.Log(q);
        var log1MinusQ = SpecialFunctions.Log1p(-q);
        var z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5;
        var sqrt2Sigma = Math.Sqrt(2) * sigma;
        var logCoefficient = 0.0;
        var coefficientPositive = true;
        for (var i = 0; i < 100_000; i++)
        {
            if (i > 0)
            {
                var factor = (alpha - i + 1) / i;
                if (factor < 0) coefficientPositive = !coefficientPositive;
                logCoefficient += Math.Log(Math.Abs(factor));
            }
            var j = alpha - i;
            var logT0 = logCoefficient + i * logQ + j * log1MinusQ;
            var logT1 = logCoefficient + j * logQ + i * log1MinusQ;
            var logE0 = Math.Log(0.5) + LogErfc((i - z0) / sqrt2Sigma);
            var logE1 = Math.Log(0.5) + LogErfc((z0 - j) / sqrt2Sigma);
            var logS0 = logT0 + (i * (double)i - i) / (2 * sigma * sigma) + logE0;
            var logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (coefficientPositive)
            {
                logA0 = LogAdd(logA0, logS0);
                logA1 = LogAdd(logA1, logS1);
            }
            else
            {
                negA0 = LogAdd(negA0, logS0);
                negA1 = LogAdd(negA1, logS1);
            }
            if (Math.Max(logS0, logS1) < -30) break;
        }
        return LogAdd(LogSub(logA0, negA0), LogSub(logA1, negA1));
    }
}
