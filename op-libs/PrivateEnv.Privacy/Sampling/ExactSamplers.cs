using System.Numerics;

namespace PrivateEnv.Privacy.Sampling;

/// <summary>
/// Exact samplers of Canonne, Kamath &amp; Steinke, "The Discrete Gaussian for Differential
/// Privacy" (NeurIPS 2020), Algorithms 1–3. All parameters are rationals and every step uses
/// integer arithmetic on uniform random bits, so the output distribution is exactly the stated
/// one: there is no floating-point rounding for an attacker to exploit (Mironov 2012).
/// </summary>
internal static class ExactSamplers
{
    /// <summary>Bernoulli(numerator/denominator), 0 ≤ numerator ≤ denominator.</summary>
    public static bool Bernoulli(IRandomBits bits, UInt128 numerator, UInt128 denominator) =>
        bits.NextBelow(denominator) < numerator;

    /// <summary>Bernoulli(exp(−γ)) for γ = numerator/denominator ≥ 0 (CKS Algorithm 1).</summary>
    public static bool BernoulliExpMinus(IRandomBits bits, UInt128 numerator, UInt128 denominator)
    {
        if (denominator == UInt128.Zero) throw new ArgumentOutOfRangeException(nameof(denominator), "The denominator must be positive.");
        // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)): ⌊γ⌋ independent Bernoulli(exp(−1)) then the remainder.
        var whole = numerator / denominator;
        for (UInt128 k = 0; k < whole; k++)
            if (!BernoulliExpMinusAtMostOne(bits, 1, 1)) return false;
        return BernoulliExpMinusAtMostOne(bits, numerator % denominator, denominator);
    }

    /// <summary>Bernoulli(exp(−γ)) for γ ∈ [0, 1]: K ← 1; while Bernoulli(γ/K) K ← K+1; return K odd.</summary>
    private static bool BernoulliExpMinusAtMostOne(IRandomBits bits, UInt128 numerator, UInt128 denominator)
    {
        UInt128 k = 1;
        while (Bernoulli(bits, numerator, checked(denominator * k))) k++;
        return (k & 1) == 1;
    }

    /// <summary>Same as <see cref="BernoulliExpMinus(IRandomBits, UInt128, UInt128)"/> for big rationals (rare tail path).</summary>
    public static bool BernoulliExpMinus(IRandomBits bits, BigInteger numerator, BigInteger denominator)
    {
        var whole = BigInteger.DivRem(numerator, denominator, out var remainder);
        for (BigInteger k = 0; k < whole; k++)
            if (!BernoulliExpMinusAtMostOne(bits, 1, 1)) return false;
        BigInteger kk = 1;
        while (NextBelow(bits, denominator * kk) < remainder) kk++;
        return !kk.IsEven;
    }

    /// <summary>
    /// Discrete Laplace with scale t/s: P[X = x] ∝ exp(−|x|·s/t) on the integers (CKS Algorithm 2).
    /// </summary>
    public static long DiscreteLaplace(IRandomBits bits, ulong s, ulong t)
    {
        if (s == 0 || t == 0) throw new ArgumentOutOfRangeException(nameof(s), "Discrete Laplace needs s, t ≥ 1.");
        while (true)
        {
            var u = bits.NextBelow(t);
            if (!BernoulliExpMinus(bits, u, t)) continue;
            ulong v = 0;
            while (BernoulliExpMinusAtMostOne(bits, 1, 1)) v++;
            // x = u + t·v is geometric with ratio exp(−1/t); y = ⌊x/s⌋ is geometric with ratio exp(−s/t).
            var x = checked((UInt128)u + (UInt128)t * v);
            var y = x / s;
            var negative = bits.NextBool();
            if (negative && y == UInt128.Zero) continue; // otherwise 0 would be counted twice
            var magnitude = checked((long)(ulong)y);
            return negative ? -magnitude : magnitude;
        }
    }

    /// <summary>
    /// Discrete Gaussian N_Z(0, σ²) with σ² = a/b: P[X = x] ∝ exp(−x²/(2σ²)) (CKS Algorithm 3):
    /// propose discrete Laplace of scale t = ⌊σ⌋+1, accept with Bernoulli(exp(−(|y| − σ²/t)²/(2σ²))).
    /// </summary>
    public static long DiscreteGaussian(IRandomBits bits, ulong a, ulong b)
    {
        var t = FloorSqrtRatio(a, b) + 1;
        // γ = (|y| − a/(b t))² / (2a/b) = (|y|·b·t − a)² / (2·a·b·t²)
        var denominator = 2 * (UInt128)a * b * t * t;
        var fastLimit = (ulong)(Math.Sqrt((double)a / b) * 60) + 2 * t; // keeps the numerator within 128 bits
        while (true)
        {
            var y = DiscreteLaplace(bits, 1, t);
            var magnitude = (ulong)Math.Abs(y);
            bool accept;
            if (magnitude <= fastLimit)
            {
                var scaled = (UInt128)magnitude * b * t;
                var diff = scaled >= a ? scaled - a : (UInt128)a - scaled;
                accept = BernoulliExpMinus(bits, diff * diff, denominator);
            }
            else
            {
                var diff = new BigInteger(magnitude) * b * t - a;
                accept = BernoulliExpMinus(bits, diff * diff, new BigInteger(a) * 2 * b * t * t);
            }
            if (accept) return y;
        }
    }

    /// <summary>⌊√(a/b)⌋ exactly.</summary>
    public static ulong FloorSqrtRatio(ulong a, ulong b)
    {
        var m = (ulong)Math.Sqrt((double)a / b);
        while ((UInt128)m * m * b > a) m--;
        while ((UInt128)(m + 1) * (m + 1) * b <= a) m++;
        return m;
    }

    private static BigInteger NextBelow(IRandomBits bits, BigInteger bound)
    {
        var words = bound.GetByteCount(isUnsigned: true) / 8 + 2; // 64 spare bits keep rejections rare
        var buffer = new byte[8 * words];
        var range = BigInteger.One << (8 * buffer.Length);
        var limit = range - range % bound;
        while (true)
        {
            for (var i = 0; i < words; i++)
                BitConverter.TryWriteBytes(buffer.AsSpan(8 * i, 8), bits.NextUInt64());
            var x = new BigInteger(buffer, isUnsigned: true);
            if (x < limit) return x % bound;
        }
    }
}
