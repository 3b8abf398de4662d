namespace PrivateEnv.Privacy.Numerics;

/// <summary>
/// erfc, log erfc and the normal distribution in double precision. .NET has no erfc; the
/// accountants need log erfc far into the tail (x ≈ 40), where erfc itself underflows.
/// erf(x) for |x| &lt; 3 uses the everywhere-positive series
/// erf(x) = 2/√π · e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3···(2n+1)) (no cancellation);
/// erfc(x) for x ≥ 2 uses the Laplace continued fraction evaluated by the modified Lentz method.
/// </summary>
public static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double LogSqrtPi = 0.57236494292470008;
    private const double Sqrt2 = 1.4142135623730951;
    private const double SeriesLimit = 3.0;      // erf by series below this
    private const double FractionLimit = 2.0;    // erfc by continued fraction above this (1 − erf would cancel)

    /// <summary>erf(x) with relative error about 1e-15.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return -Erf(-x);
        if (x < SeriesLimit) return ErfSeries(x);
        return 1 - Erfc(x);
    }

    /// <summary>erfc(x) = 1 − erf(x), accurate in relative terms for x ≥ 0 and absolute for x &lt; 0.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        if (x < FractionLimit) return 1 - ErfSeries(x);
        if (x > 27.3) return 0; // below the smallest double
        return Math.Exp(-x * x - LogSqrtPi) * ContinuedFractionTail(x);
    }

    /// <summary>log erfc(x), finite for every finite x (uses the continued fraction in log space).</summary>
    public static double LogErfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < FractionLimit) return Math.Log(Erfc(x));
        return -x * x - LogSqrtPi + Math.Log(ContinuedFractionTail(x));
    }

    /// <summary>Φ(x), the standard normal CDF.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Sqrt2);

    /// <summary>log Φ(x), accurate deep in the lower tail.</summary>
    public static double LogNormalCdf(double x)
    {
        if (x > 5) return -0.5 * Erfc(x / Sqrt2); // log(1 − t) ≈ −t, t = Φ(−x) tiny
        return Math.Log(0.5) + LogErfc(-x / Sqrt2);
    }

    /// <summary>Φ⁻¹(p) for p in (0, 1) by Newton's method on log Φ (accurate for p down to 1e-300).</summary>
    public static double InverseNormalCdf(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), $"p must be in (0, 1), got {p}.");
        if (p > 0.5) return -InverseNormalCdf(1 - p);
        var logP = Math.Log(p);
        // Start from the tail asymptote, then refine: f(x) = log Φ(x) − log p, f' = φ(x)/Φ(x).
        var x = p > 0.3 ? 0.0 : -Math.Sqrt(-2 * logP - Math.Log(-2 * logP) - Math.Log(2 * Math.PI));
        for (var i = 0; i < 100; i++)
        {
            var logCdf = LogNormalCdf(x);
            var logPdf = -0.5 * x * x - 0.91893853320467274;
            var step = (logCdf - logP) / Math.Exp(logPdf - logCdf);
            x -= step;
            if (Math.Abs(step) <= 1e-15 * Math.Max(1, Math.Abs(x))) break;
        }
        return x;
    }

    /// <summary>log(1 + x), accurate for tiny x (Goldberg's correction; .NET's LogP1 is log(1 + x) as written).</summary>
    public static double Log1p(double x)
    {
        if (double.IsNaN(x) || x < -1) return double.NaN;
        if (x == -1) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        var u = 1 + x;
        if (u == 1) return x;
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x − 1, accurate for tiny x (Kahan's correction).</summary>
    public static double ExpM1(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x > 700) return double.PositiveInfinity;
        if (x < -40) return -1;
        var u = Math.Exp(x);
        if (u == 1) return x;
        var um1 = u - 1;
        if (um1 == -1) return -1;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log(e^a + e^b) without overflow.</summary>
    public static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        var (hi, lo) = a > b ? (a, b) : (b, a);
        return hi + Math.Log(1 + Math.Exp(lo - hi));
    }

    /// <summary>log(e^a − e^b) for a ≥ b; −∞ when equal.</summary>
    public static double LogSub(double a, double b)
    {
        if (double.IsNegativeInfinity(b)) return a;
        if (b > a) throw new ArgumentException("LogSub needs a ≥ b: the result would be the log of a negative number.");
        if (a == b) return double.NegativeInfinity;
        var diff = b - a;
        // log(1 − e^diff) computed stably on both sides of −ln 2.
        return a + (diff > -0.6931471805599453 ? Math.Log(-ExpM1(diff)) : Math.Log(1 - Math.Exp(diff)));
    }

    private static double ErfSeries(double x)
    {
        var x2 = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>√π e^{x²} erfc(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), for x ≥ 2.</summary>
    private static double ContinuedFractionTail(double x)
    {
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var n = 1; n < 5000; n++)
        {
            var a = n * 0.5;
            d = x + a * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = x + a / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return 1 / f;
    }
}
