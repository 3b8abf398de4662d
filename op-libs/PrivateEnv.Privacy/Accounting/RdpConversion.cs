using PrivateEnv.Privacy.Numerics;
namespace PrivateEnv.Privacy.Accounting;

/// <summary>Converts a Rényi DP curve into (ε, δ) guarantees.</summary>
public static class RdpConversion
{
    /// <summary>
    /// ε(δ) = min over orders of r(α) + log((α−1)/α) − (log δ + log α)/(α−1), from Canonne, Kamath
    /// &amp; Steinke 2020, Proposition 12 (as dp_accounting applies it: ε = 0 where δ² &gt; 1 − e^{−r},
    /// orders ≤ 1.01 skipped as numerically unstable). Returns the minimising order.
    /// </summary>
    public static (double Epsilon, double Order) Epsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
    {
        ValidateCurve(orders, rdp);
        if (!(delta >= 0 && delta <= 1)) throw new ArgumentOutOfRangeException(nameof(delta), $"δ must be in [0, 1], got {delta}.");
        if (delta == 0)
            return rdp.All(r => r == 0) ? (0, orders[0]) : (double.PositiveInfinity, orders[0]);
        var best = double.PositiveInfinity;
        var bestOrder = orders[0];
        for (var i = 0; i < orders.Count; i++)
        {
            var a = orders[i];
            var r = rdp[i];
            double epsilon;
            if (delta * delta + SpecialFunctions.ExpM1(-r) > 0) epsilon = 0;
            else if (a > 1.01) epsilon = r + SpecialFunctions.Log1p(-1 / a) - Math.Log(delta * a) / (a - 1);
            else epsilon = double.PositiveInfinity;
            if (epsilon < best)
            {
                best = epsilon;
                bestOrder = a;
            }
        }
        return (Math.Max(0, best), bestOrder);
    }

    /// <summary>
    /// δ(ε) = min over orders of min(√(1 − e^{−r}), exp((α−1)(r − ε + log(1 − 1/α)) − log α))
    /// (the KL/Pinsker bound, and CKS 2020 Proposition 12 solved for δ), as dp_accounting does.
    /// </summary>
    public static (double Delta, double Order) Delta(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double epsilon)
    {
        ValidateCurve(orders, rdp);
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"ε must be ≥ 0, got {epsilon}.");
        var best = double.PositiveInfinity;
        var bestOrder = orders[0];
        for (var i = 0; i < orders.Count; i++)
        {
            var a = orders[i];
            var r = rdp[i];
            var logDelta = r == 0 ? double.NegativeInfinity : 0.5 * Math.Log(-SpecialFunctions.ExpM1(-r));
            if (a > 1.01)
                logDelta = Math.Min(logDelta, (a - 1) * (r - epsilon + SpecialFunctions.Log1p(-1 / a)) - Math.Log(a));
            if (logDelta < best)
            {
                best = logDelta;
                bestOrder = a;
            }
        }
        return (Math.Min(Math.Exp(best), 1), bestOrder);
    }

    /// <summary>The classic conversion ε = r(α) + log(1/δ)/(α−1) (Mironov 2017, Proposition 3), looser; kept for comparisons.</summary>
    public static double ClassicEpsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
    {
        ValidateCurve(orders, rdp);
        var best = double.PositiveInfinity;
        for (var i = 0; i < orders.Count; i++)
            best = Math.Min(best, rdp[i] - Math.Log(delta) / (orders[i] - 1));
        return best;
    }

    private static void ValidateCurve(IReadOnlyList<double> orders, IReadOnlyList<double> rdp)
    {
        if (orders.Count == 0 || orders.Count != rdp.Count)
            throw new ArgumentException($"Orders and RDP values must be non-empty and of equal length ({orders.Count} vs {rdp.Count}).");
        for (var i = 0; i < orders.Count; i++)
        {
            if (!(orders[i] >= 1)) throw new ArgumentException($"Rényi orders must be ≥ 1, got {orders[i]}.");
            if (!(rdp[i] >= 0)) throw new ArgumentException($"RDP values must be ≥ 0, got {rdp[i]} at order {orders[i]}.");
        }
    }
}
