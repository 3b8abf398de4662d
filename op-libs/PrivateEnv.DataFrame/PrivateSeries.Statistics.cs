using PrivateEnv.DataFrame.Internal;
using PrivateEnv.DataFrame.Mechanisms;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.DataFrame;

// DP statistics, all through the release primitive (PrivateEnv.Privacy.Releases): each call charges the session
// first (one charge per call, its parts composed), then sums exactly on a public grid and adds exact integer noise.
// s below is the row space's stability (1 unless concatenated): one individual owns at most s slots, so every
// sensitivity is multiplied by s. Which slots count (the mask) never changes what is computed, only the sums.
public sealed partial class PrivateSeries
{
    /// <summary>DP count of present values: count + discrete Laplace(s/ε), ε-DP (sensitivity s).</summary>
    public double Count(double eps) => PlanCount(eps).Release(Rows.Charger, Charge("Count", eps));

    /// <summary>
    /// DP sum of values clamped to [lo, hi], summed exactly on the grid of max(|lo|, |hi|), plus discrete Laplace noise:
    /// ε-DP, since one row moves the sum by at most max(|lo|, |hi|) (times s).
    /// </summary>
    public double Sum(double eps) => PlanSum(eps).Release(Rows.Charger, Charge("Sum", eps));

    /// <summary>
    /// DP mean, ε-DP: ε/2 on a noisy sum of (x − m), m the bounds' midpoint (sensitivity s·(hi−lo)/2),
    /// ε/2 on a noisy count (sensitivity s); mean = m + sum/count clamped to [lo, hi]
    /// (sequential composition, then post-processing; Dwork &amp; Roth 2014, §3.3 and Prop. 2.1).
    /// </summary>
    public double Mean(double eps) => PlanMean(eps).Release(Rows.Charger, Charge("Mean", eps));

    /// <summary>
    /// DP population variance, ε-DP: ε/3 each on noisy count (sens. s), Σ(x−m) (sens. s·r) and
    /// Σ(x−m)² (sens. s·r²), r = (hi−lo)/2; var = Σ²/n − (Σ/n)² clamped to [0, r²] (post-processing).
    /// </summary>
    public double Var(double eps) => PlanVariance(eps).Release(Rows.Charger, Charge("Var", eps));

    /// <summary>DP standard deviation: the square root of <see cref="Var"/> (post-processing), ε-DP.</summary>
    public double Std(double eps) => PlanVariance(eps).Then(Math.Sqrt).Release(Rows.Charger, Charge("Std", eps));

    /// <summary>
    /// DP q-quantile (0 ≤ q ≤ 1), ε-DP by report noisy max over 4096 equal cells of the declared bounds with the
    /// rank utility of Smith (2011) (sensitivity s); the result is the chosen cell's midpoint, inside the bounds.
    /// </summary>
    public double Quantile(double q, double eps) => PlanQuantile(q, eps).Release(Rows.Charger, Charge($"Quantile({q:G4})", eps));

    /// <summary>DP median: <see cref="Quantile"/> at 0.5, ε-DP.</summary>
    public double Median(double eps) => PlanQuantile(0.5, eps).Release(Rows.Charger, Charge("Median", eps));

    /// <summary>DP percentile (0 ≤ p ≤ 100): <see cref="Quantile"/> at p/100, ε-DP.</summary>
    public double Percentile(double p, double eps)
    {
        if (!(p >= 0 && p <= 100)) throw new ArgumentOutOfRangeException(nameof(p), $"A percentile must be in [0, 100], got {p}.");
        return PlanQuantile(p / 100, eps).Release(Rows.Charger, Charge($"Percentile({p:G4})", eps));
    }

    /// <summary>
    /// DP minimum as the 0-quantile, ε-DP: a cell drawn mostly between the declared lower bound and the smallest
    /// values, never below the declared bound.
    /// </summary>
    public double Min(double eps) => PlanQuantile(0, eps).Release(Rows.Charger, Charge("Min", eps));

    /// <summary>DP maximum as the 1-quantile, ε-DP; see <see cref="Min"/>.</summary>
    public double Max(double eps) => PlanQuantile(1, eps).Release(Rows.Charger, Charge("Max", eps));

    /// <summary>
    /// DP histogram over the declared categories (categorical) or false/true (boolean): one
    /// count + discrete Laplace(s/ε) per category, ε-DP: a row falls in exactly one cell, so the L1 sensitivity
    /// of the count vector is s (Dwork et al. 2006, Example 2). Missing values are not counted.
    /// </summary>
    public PublicTable Histogram(double eps)
    {
        var (labels, codes) = CategoryCodes("Histogram");
        var counts = PlanCounts(labels.Count, codes, eps).Release(Rows.Charger, Charge("Histogram", eps));
        return PublicTable.Empty.WithColumn(Name, labels).WithColumn(CountColumn, counts)
            .WithNote($"DP counts, ε={Budget.Format(eps)} (discrete Laplace, scale {Rows.Stability}/ε per cell; parallel composition over cells).")
            .WithBarChart(Name, CountColumn);
    }

    /// <summary>
    /// DP histogram of a numeric series over <paramref name="bins"/> equal-width bins of the declared
    /// bounds (last bin closed): ε-DP, discrete Laplace per bin with L1 sensitivity s as above.
    /// </summary>
    public PublicTable Histogram(int bins, double eps)
    {
        var (lo, hi) = Bounds("Histogram");
        var edges = Binning.Edges(lo, hi, bins);
        var counts = PlanCounts(bins, () => Binning.Codes(Numbers, lo, hi, bins), eps).Release(Rows.Charger, Charge($"Histogram({bins})", eps));
        return PublicTable.Empty
            .WithColumn("bin", Enumerable.Range(0, bins).Select(i => Binning.Label(edges, i)))
            .WithColumn("lower", edges.Take(bins)).WithColumn("upper", edges.Skip(1))
            .WithColumn("count", counts)
            .WithNote($"DP counts, ε={Budget.Format(eps)} (discrete Laplace, scale {Rows.Stability}/ε per bin; parallel composition over bins).")
            .WithBarChart("bin", "count");
    }

    /// <summary>DP counts per declared category, largest first (the histogram sorted; sorting is post-processing), ε-DP.</summary>
    public PublicTable ValueCounts(double eps)
    {
        var (labels, codes) = CategoryCodes("ValueCounts");
        var counts = PlanCounts(labels.Count, codes, eps).Release(Rows.Charger, Charge("ValueCounts", eps));
        var order = Enumerable.Range(0, counts.Length).OrderByDescending(i => counts[i]).ThenBy(i => i).ToArray();
        return PublicTable.Empty.WithColumn(Name, order.Select(i => labels[i])).WithColumn(CountColumn, order.Select(i => counts[i]))
            .WithNote($"DP counts, ε={Budget.Format(eps)} (discrete Laplace, scale {Rows.Stability}/ε per category).")
            .WithBarChart(Name, CountColumn);
    }

    /// <summary>
    /// DP covariance with <paramref name="other"/> (same rows; rows where both are present), ε-DP:
    /// ε/4 each on noisy count (s), Σ(x−mx) (s·rx), Σ(y−my) (s·ry), Σ(x−mx)(y−my) (s·rx·ry).
    /// </summary>
    public double Cov(PrivateSeries other, double eps) => PlanCovariance(other, eps, correlation: false).Release(Rows.Charger, Charge($"Cov({other.Name})", eps));

    /// <summary>
    /// DP Pearson correlation with <paramref name="other"/>, ε-DP: ε/6 each on noisy count and the
    /// centred sums Σx, Σy, Σx², Σy², Σxy (sensitivities s, s·rx, s·ry, s·rx², s·ry², s·rx·ry);
    /// corr = cov/√(varx·vary) clamped to [−1, 1], NaN when a noisy variance is 0.
    /// </summary>
    public double Corr(PrivateSeries other, double eps) => PlanCovariance(other, eps, correlation: true).Release(Rows.Charger, Charge($"Corr({other.Name})", eps));

    // ---- plans: parts known up front, data read only in Compute ---------------------------------

    // The label column carries the series name, so the counts need another one.
    private string CountColumn => Name == "count" ? "dp_count" : "count";

    private string Charge(string statistic, double eps) => $"{Label}.{statistic}(eps: {Budget.Format(eps)})";

    internal PlannedRelease<double> PlanCount(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var part = new LaplaceSums(ContributionBounds.Indicator, Rows.Stability, eps);
        return new([part], () => part.Release(Accumulate.Count(Mask.Inside, Values.Present())));
    }

    internal PlannedRelease<double> PlanSum(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var (lo, hi) = Bounds("Sum");
        var bounds = ContributionBounds.Range(lo, hi);
        var part = new LaplaceSums(bounds, Rows.Stability, eps);
        return new([part], () => part.Release(Accumulate.Moments(Numbers, Mask, lo, hi, 0, bounds, null).Sum));
    }

    internal PlannedRelease<double> PlanMean(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var (lo, hi) = Bounds("Mean");
        double mid = (lo + hi) / 2, r = (hi - lo) / 2, half = eps / 2;
        Budget.ValidateShare(half, eps, "Mean's two parts");
        var sumBounds = ContributionBounds.Range(-r, r);
        var count = new LaplaceSums(ContributionBounds.Indicator, Rows.Stability, half);
        var sum = new LaplaceSums(sumBounds, Rows.Stability, half);
        return new([sum, count], () =>
        {
            var moments = Accumulate.Moments(Numbers, Mask, lo, hi, mid, sumBounds, null);
            var noisySum = sum.Release(moments.Sum);
            var noisyCount = count.Release(moments.Count);
            return Math.Clamp(mid + noisySum / Math.Max(1, noisyCount), lo, hi);
        });
    }

    internal PlannedRelease<double> PlanVariance(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var (lo, hi) = Bounds("Var");
        double mid = (lo + hi) / 2, r = (hi - lo) / 2, third = eps / 3;
        Budget.ValidateShare(third, eps, "Var's three parts");
        ContributionBounds sumBounds = ContributionBounds.Range(-r, r), squareBounds = ContributionBounds.Range(0, r * r);
        var count = new LaplaceSums(ContributionBounds.Indicator, Rows.Stability, third);
        var sum = new LaplaceSums(sumBounds, Rows.Stability, third);
        var squares = new LaplaceSums(squareBounds, Rows.Stability, third);
        return new([count, sum, squares], () =>
        {
            var moments = Accumulate.Moments(Numbers, Mask, lo, hi, mid, sumBounds, squareBounds);
            var n = Math.Max(1, count.Release(moments.Count));
            var mean = Math.Clamp(sum.Release(moments.Sum) / n, -r, r);
            var meanSquare = squares.Release(moments.Squares) / n;
            return Math.Clamp(meanSquare - mean * mean, 0, r * r);
        });
    }

    internal PlannedRelease<double> PlanQuantile(double q, double eps)
    {
        Budget.ValidateEpsilon(eps);
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), $"A quantile must be in [0, 1], got {q}.");
        var (lo, hi) = Bounds("Quantile");
        var part = GridQuantile.Part(eps, Rows.Stability);
        return new([part], () => GridQuantile.Midpoint(part.Release(GridQuantile.Utilities(GridQuantile.Histogram(Numbers, Mask.Inside, lo, hi), q)), lo, hi));
    }

    /// <summary>The 8 Describe statistics (count, mean, std, min, 25%, 50%, 75%, max) at ε for this column.</summary>
    internal PlannedRelease<double[]> PlanDescribe(double eps)
    {
        var (lo, hi) = Bounds("Describe");
        double mid = (lo + hi) / 2, r = (hi - lo) / 2;
        double countEps = eps * DescribeSplit.Count, sumEps = eps * DescribeSplit.Sum, squareEps = eps * DescribeSplit.Squares, quantileEps = eps * DescribeSplit.EachQuantile;
        Budget.ValidateShare(countEps, eps, "Describe's statistics");
        ContributionBounds sumBounds = ContributionBounds.Range(-r, r), squareBounds = ContributionBounds.Range(0, r * r);
        var count = new LaplaceSums(ContributionBounds.Indicator, Rows.Stability, countEps);
        var sum = new LaplaceSums(sumBounds, Rows.Stability, sumEps);
        var squares = new LaplaceSums(squareBounds, Rows.Stability, squareEps);
        var quantiles = DescribeSplit.Quantiles.Select(_ => GridQuantile.Part(quantileEps, Rows.Stability)).ToArray();
        return new([count, sum, squares, .. quantiles], () =>
        {
            var moments = Accumulate.Moments(Numbers, Mask, lo, hi, mid, sumBounds, squareBounds);
            var noisyCount = count.Release(moments.Count);
            var n = Math.Max(1, noisyCount);
            var mean = Math.Clamp(sum.Release(moments.Sum) / n, -r, r);
            var variance = Math.Clamp(squares.Release(moments.Squares) / n - mean * mean, 0, r * r);
            var histogram = GridQuantile.Histogram(Numbers, Mask.Inside, lo, hi);
            var values = DescribeSplit.Quantiles.Select((q, i) => GridQuantile.Midpoint(quantiles[i].Release(GridQuantile.Utilities(histogram, q)), lo, hi)).ToArray();
            return [noisyCount, mid + mean, Math.Sqrt(variance), .. values];
        });
    }

    /// <summary>Noisy per-cell counts of the slots in the mask with a cell code (−1: none).</summary>
    internal PlannedRelease<double[]> PlanCounts(int cells, Func<int[]> codes, double eps)
    {
        Budget.ValidateEpsilon(eps);
        var part = new LaplaceSums(ContributionBounds.Indicator, cells, Rows.Stability, eps);
        return new([part], () => part.Release(Accumulate.CellCounts(codes(), Mask.Inside, cells)));
    }

    /// <summary>Cell labels and a lazy per-slot code (−1 = missing) for categorical or boolean series.</summary>
    internal (IReadOnlyList<string> Labels, Func<int[]> Codes) CategoryCodes(string operation)
    {
        switch (Kind)
        {
            case ColumnKind.Categorical:
                return (Categories, () => Codes);
            case ColumnKind.Boolean:
                return (["false", "true"], () => Numbers.Select(v => double.IsNaN(v) ? -1 : v == 1 ? 1 : 0).ToArray());
            default:
                var hint = operation == "GroupBy"
                    ? " Group by a declared categorical column, or Assign a boolean one first, e.g. df.Assign(\"older\", df[\"age\"] > 40)."
                    : Kind == ColumnKind.Numeric ? " Give a number of bins instead, e.g. Histogram(10, eps)." : "";
                throw new InvalidOperationException($"{operation} over categories needs a categorical or boolean series; '{Name}' is {KindName(Kind)}.{hint}");
        }
    }

    /// <summary>Cell labels and codes: categories for categorical/boolean series, equal-width bins for numeric ones.</summary>
    internal (IReadOnlyList<string> Labels, Func<int[]> Codes) CellCodes(int bins, string operation)
    {
        if (Kind != ColumnKind.Numeric) return CategoryCodes(operation);
        var (lo, hi) = Bounds(operation);
        var edges = Binning.Edges(lo, hi, bins);
        return (Enumerable.Range(0, bins).Select(i => Binning.Label(edges, i)).ToList(), () => Binning.Codes(Numbers, lo, hi, bins));
    }

    internal PlannedRelease<double> PlanCovariance(PrivateSeries other, double eps, bool correlation)
    {
        ArgumentNullException.ThrowIfNull(other);
        Budget.ValidateEpsilon(eps);
        var operation = correlation ? "Corr" : "Cov";
        var (xlo, xhi) = Bounds(operation);
        var (ylo, yhi) = other.Bounds(operation);
        var mask = JointMask(other, operation);
        double mx = (xlo + xhi) / 2, my = (ylo + yhi) / 2, rx = (xhi - xlo) / 2, ry = (yhi - ylo) / 2;
        var e = eps / (correlation ? 6 : 4);
        Budget.ValidateShare(e, eps, $"{operation}'s parts");
        ContributionBounds[] bounds = correlation
            ? [ContributionBounds.Indicator, ContributionBounds.Range(-rx, rx), ContributionBounds.Range(-ry, ry), ContributionBounds.Range(0, rx * rx), ContributionBounds.Range(0, ry * ry), ContributionBounds.Range(-rx * ry, rx * ry)]
            : [ContributionBounds.Indicator, ContributionBounds.Range(-rx, rx), ContributionBounds.Range(-ry, ry), ContributionBounds.Range(-rx * ry, rx * ry)];
        var parts = bounds.Select(b => new LaplaceSums(b, Rows.Stability, e)).ToArray();
        return new(parts, () =>
        {
            var x = Numbers;
            var y = other.Numbers;
            var inside = mask.Inside;
            var sums = new long[parts.Length];
            for (var i = 0; i < x.Length; i++)
            {
                long take = inside[i] & (double.IsNaN(x[i]) || double.IsNaN(y[i]) ? 0 : 1);
                var dx = Math.Clamp(double.IsNaN(x[i]) ? xlo : x[i], xlo, xhi) - mx;
                var dy = Math.Clamp(double.IsNaN(y[i]) ? ylo : y[i], ylo, yhi) - my;
                sums[0] += take;
                sums[1] += take * bounds[1].Snap(dx);
                sums[2] += take * bounds[2].Snap(dy);
                if (correlation)
                {
                    sums[3] += take * bounds[3].Snap(dx * dx);
                    sums[4] += take * bounds[4].Snap(dy * dy);
                    sums[5] += take * bounds[5].Snap(dx * dy);
                }
                else sums[3] += take * bounds[3].Snap(dx * dy);
            }
            var noisy = sums.Select((sum, k) => parts[k].Release(sum)).ToArray();
            var count = Math.Max(1, noisy[0]);
            var meanX = Math.Clamp(noisy[1] / count, -rx, rx);
            var meanY = Math.Clamp(noisy[2] / count, -ry, ry);
            if (!correlation) return Math.Clamp(noisy[3] / count - meanX * meanY, -rx * ry, rx * ry);
            var varX = Math.Clamp(noisy[3] / count - meanX * meanX, 0, rx * rx);
            var varY = Math.Clamp(noisy[4] / count - meanY * meanY, 0, ry * ry);
            var cov = noisy[5] / count - meanX * meanY;
            return varX > 0 && varY > 0 ? Math.Clamp(cov / Math.Sqrt(varX * varY), -1, 1) : double.NaN;
        });
    }
}

/// <summary>How Describe splits a column's ε (also printed in its note).</summary>
internal static class DescribeSplit
{
    public const double Count = 0.1, Sum = 0.2, Squares = 0.2, EachQuantile = 0.1;
    public static readonly double[] Quantiles = [0, 0.25, 0.5, 0.75, 1];
    public static readonly string[] Statistics = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"];
}

/// <summary>Equal-width bins over declared bounds; the last bin includes the upper bound.</summary>
internal static class Binning
{
    public static double[] Edges(double lo, double hi, int bins)
    {
        if (bins < 1 || bins > 100_000) throw new ArgumentOutOfRangeException(nameof(bins), $"bins must be in 1..100000, got {bins}.");
        return Enumerable.Range(0, bins + 1).Select(i => i == bins ? hi : lo + (hi - lo) * i / bins).ToArray();
    }

    public static int[] Codes(double[] values, double lo, double hi, int bins)
    {
        var codes = new int[values.Length];
        var width = (hi - lo) / bins;
        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            var code = width <= 0 ? 0 : Math.Clamp((int)Math.Floor((Math.Clamp(double.IsNaN(x) ? lo : x, lo, hi) - lo) / width), 0, bins - 1);
            codes[i] = double.IsNaN(x) ? -1 : code;
        }
        return codes;
    }

    public static string Label(double[] edges, int bin) =>
        $"[{PublicTable.FormatNumber(edges[bin])}, {PublicTable.FormatNumber(edges[bin + 1])}{(bin == edges.Length - 2 ? "]" : ")")}";
}
