using PrivateEnv.Privacy.Tests;

namespace PrivateEnv.Hostile.Tests.Distinguishers;

/// <summary>
/// An empirical privacy-loss estimate in the style of DP-Sniper/StatDP: releases sampled on a dataset D and on a
/// neighbour D′, and for every event E of a fixed family the loss ln((P[E|D] − δ)/P[E|D′]) lower-bounded with one-sided
/// Chernoff–Hoeffding bounds at level α (lower on the numerator, upper on the denominator), in both directions. For an
/// (ε, δ)-DP release every certified loss is ≤ ε, except with probability ≤ 2·α·(number of events).
/// The family, per output coordinate: tails {x ≥ c} and {x ≤ c} at 31 pooled quantiles; {x = v} for the 8 most
/// frequent values; and residue classes {⌊4·frac(x/2ᵏ)⌋ = r} for k = −40…10, which catch low-order bits that carry the
/// exact value (Mironov 2012) — a release on a public grid shows the same residues on both datasets.
/// </summary>
internal static class Distinguisher
{
    public sealed record Result(double Loss, string Event, int Events);

    public static Result CertifiedLoss(IReadOnlyList<double[]> onD, IReadOnlyList<double[]> onNeighbour, double delta, double alpha)
    {
        var best = new Result(double.NegativeInfinity, "none", 0);
        var events = 0;
        var coordinates = onD[0].Length;
        for (var j = 0; j < coordinates; j++)
        {
            var a = onD.Select(x => x[j]).ToArray();
            var b = onNeighbour.Select(x => x[j]).ToArray();
            foreach (var (name, test) in Events(a, b, j))
            {
                events++;
                long hitsA = a.Count(test), hitsB = b.Count(test);
                var loss = Math.Max(Loss(hitsA, a.Length, hitsB, b.Length, delta, alpha), Loss(hitsB, b.Length, hitsA, a.Length, delta, alpha));
                if (loss > best.Loss) best = new Result(loss, name, 0);
            }
        }
        return best with { Events = events };
    }

    private static IEnumerable<(string Name, Func<double, bool> Test)> Events(double[] a, double[] b, int coordinate)
    {
        var pooled = a.Concat(b).Where(double.IsFinite).Order().ToArray();
        if (pooled.Length == 0) yield break;
        foreach (var c in Enumerable.Range(1, 31).Select(k => pooled[k * (pooled.Length - 1) / 32]).Distinct())
        {
            yield return ($"x[{coordinate}] ≥ {c:G6}", x => x >= c);
            yield return ($"x[{coordinate}] ≤ {c:G6}", x => x <= c);
        }
        foreach (var v in pooled.GroupBy(x => x).OrderByDescending(g => g.Count()).Take(8).Select(g => g.Key))
            yield return ($"x[{coordinate}] = {v:G6}", x => x == v);
        for (var k = -40; k <= 10; k++)
        {
            var scale = Math.ScaleB(1.0, k);
            for (var r = 0; r < 4; r++)
            {
                var (power, residue) = (k, r);
                yield return ($"x[{coordinate}] mod 2^{power} in quarter {residue}", x => double.IsFinite(x) && Quarter(x, scale) == residue);
            }
        }
    }

    private static int Quarter(double x, double scale)
    {
        var ratio = x / scale;
        var fraction = ratio - Math.Floor(ratio);
        return Math.Clamp((int)(fraction * 4), 0, 3);
    }

    private static double Loss(long hitsNumerator, long n1, long hitsDenominator, long n2, double delta, double alpha)
    {
        var lower = Statistics.LowerBound(hitsNumerator, n1, alpha) - delta;
        var upper = Statistics.UpperBound(hitsDenominator, n2, alpha);
        return lower <= 0 ? double.NegativeInfinity : Math.Log(lower / upper);
    }
}
