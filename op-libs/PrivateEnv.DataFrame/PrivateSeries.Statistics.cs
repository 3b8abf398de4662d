using PrivateEnv.DataFrame.Internal;
using PrivateEnv.DataFrame.Mechanisms;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame;

// DP statistics. Each charges the session first (one charge per call, its parts composed) and only
// then reads the data and draws noise. s below is the frame's stability (1 unless concatenated):
// one individual changes at most s rows, so every sensitivity is multiplied by s.
public sealed partial class PrivateSeries
{
    /// <summary>DP count of present values: count + Lap(s/ε), ε-DP (Laplace mechanism, Dwork et al. 2006; sensitivity s).</summary>
    public double Count(double eps) => PlanCount(eps).Release(Rows.Charger, Charge("Count", eps));

    /// <summary>
    /// DP sum of values clamped to [lo, hi]: sum + Lap(s·max(|lo|, |hi|)/ε), ε-DP (Laplace mechanism):
    /// one row added or removed changes the sum by at most max(|lo|, |hi|).
    /// </summary>
    public double Sum(double eps) => PlanSum(eps).Release(Rows.Charger, Charge("Sum", eps));

    /// <summary>
    /// DP mean, ε-DP: ε/2 on a Laplace sum of (x − m), m the bounds' midpoint (sensitivity s·(hi−lo)/2),
    /// ε/2 on a Laplace count (sensitivity s); mean = m + sum/count clamped to [lo, hi]
    /// (sequential composition, then post-processing; Dwork &amp; Roth 2014, §3.3 and Prop. 2.1).
    /// </summary>
    public double Mean(double eps) => PlanMean(eps).Release(Rows.Charger, Charge("Mean", eps));

    /// <summary>
    /// DP population variance, ε-DP: ε/3 each on Laplace count (sens. s), Σ(x−m) (sens. s·r) and
    /// Σ(x−m)² (sens. s·r²), r = (hi−lo)/2; var = Σ²/n − (Σ/n)² clamped to [0, r²] (post-processing).
    /// </summary>
    public double Var(double eps) => PlanVariance(eps).Release(Rows.Charger, Charge("Var", eps));

    /// <summary>DP standard deviation: the square root of <see cref="Var"/> (post-processing), ε-DP.</summary>
    public double Std(double eps) => Math.Sqrt(PlanVariance(eps).Release(Rows.Charger, Charge("Std", eps)));

    /// <summary>
    /// DP q-quantile (0 ≤ q ≤ 1), ε-DP by the exponential mechanism over the intervals between sorted
    /// values (Smith 2011; McSherry &amp; Talwar 2007): utility −|#below − q·n| has sensitivity s.
    /// The result lies in the declared bounds.
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
    /// DP minimum as the 0-quantile, ε-DP (exponential mechanism): a point drawn mostly between the
    /// declared lower bound and the smallest values, never below the declared bound.
    /// </summary>
    public double Min(double eps) => PlanQuantile(0, eps).Release(Rows.Charger, Charge("Min", eps));

    /// <summary>DP maximum as the 1-quantile, ε-DP (exponential mechanism); see <see cref="Min"/>.</summary>
    public double Max(double eps) => PlanQuantile(1, eps).Release(Rows.Charger, Charge("Max", eps));

    /// <summary>
    /// DP histogram over the declared categories (categorical) or false/true (boolean): one
    /// count + Lap(s/ε) per category, ε-DP: a row falls in exactly one cell, so the L1 sensitivity
    /// of the count vector is s (Dwork et al. 2006, Example 2). Missing values are not counted.
    /// </summary>
    public PublicTable Histogram(double eps)
    {
        var (labels, codes) = CategoryCodes("Histogram");
        var counts = PlanCounts(labels.Count, codes, eps).Release(Rows.Charger, Charge("Histogram", eps));
        return PublicTable.Empty.WithColumn(Name, labels).WithColumn(CountColumn, counts)
            .WithNote($"DP counts, ε={Budget.Format(eps)} (Laplace, scale {Rows.Stability}/ε per cell; parallel composition over cells).")
            .WithBarChart(Name, CountColumn);
    }

    /// <summary>
    /// DP histogram of a numeric series over <paramref name="bins"/> equal-width bins of the declared
    /// bounds (last bin closed): ε-DP, Laplace per bin with L1 sensitivity s as above.
    /// </summary>
    public PublicTable Histogram(int bins, double eps)
    {
        var (lo, hi) = Bounds("Histogram");
        var edges = Binning.Edges(lo, hi, bins);
        var counts = PlanCounts(bins, () => Binning.Codes(ReadNumbers(), lo, hi, bins), eps).Release(Rows.Charger, Charge($"Histogram({bins})", eps));
        return PublicTable.Empty
            .WithColumn("bin", Enumerable.Range(0, bins).Select(i => Binning.Label(edges, i)))
            .WithColumn("lower", edges.Take(bins)).WithColumn("upper", edges.Skip(1))
            .WithColumn("count", counts)
            .WithNote($"DP counts, ε={Budget.Format(eps)} (Laplace, scale {Rows.Stability}/ε per bin; parallel composition over bins).")
            .WithBarChart("bin", "count");
    }

    /// <summary>DP counts per declared category, largest first (the histogram sorted; sorting is post-processing), ε-DP.</summary>
    public PublicTable ValueCounts(double eps)
    {
        var (labels, codes) = CategoryCodes("ValueCounts");
        var counts = PlanCounts(labels.Count, codes, eps).Release(Rows.Charger, Charge("ValueCounts", eps));
        var order = Enumerable.Range(0, counts.Length).OrderByDescending(i => counts[i]).ToArray();
        return PublicTable.Empty.WithColumn(Name, order.Select(i => labels[i])).WithColumn(CountColumn, order.Select(i => counts[i]))
            .WithNote($"DP counts, ε={Budget.Format(eps)} (Laplace, scale {Rows.Stability}/ε per category).")
            .WithBarChart(Name, CountColumn);
    }

    /// <summary>
    /// DP covariance with <paramref name="other"/> (same rows; rows where both are present), ε-DP:
    /// ε/4 each on Laplace count (s), Σ(x−mx) (s·rx), Σ(y−my) (s·ry), Σ(x−mx)(y−my) (s·rx·ry).
    /// </summary>
    public double Cov(PrivateSeries other, double eps) => PlanCovariance(other, eps, correlation: false).Release(Rows.Charger, Charge($"Cov({other.Name})", eps));

    /// <summary>
    /// DP Pearson correlation with <paramref name="other"/>, ε-DP: ε/6 each on Laplace count and the
    /// centred sums Σx, Σy, Σx², Σy², Σxy (sensitivities s, s·rx, s·ry, s·rx², s·ry², s·rx·ry);
    /// corr = cov/√(varx·vary) clamped to [−1, 1], NaN when a noisy variance is 0.
    /// </summary>
    public double Corr(PrivateSeries other, double eps) => PlanCovariance(other, eps, correlation: true).Release(Rows.Charger, Charge($"Corr({other.Name})", eps));

    // ---- plans: cost known up front, data read only in Compute ---------------------------------

    // The label column carries the series name, so the counts need another one.
    private string CountColumn => Name == "count" ? "dp_count" : "count";

    private string Charge(string statistic, double eps) => $"{Label}.{statistic}(eps: {Budget.Format(eps)})";

    internal PlannedRelease<double> PlanCount(double eps)
    {
        Budget.ValidateEpsilon(eps);
        double s = Rows.Stability;
        return new(eps, [Budget.Laplace(s, eps)], () =>
        {
            var count = IsNumberLike ? Column.Length - Column.NullCount : ReadStrings().Count(v => v is not null);
            return count + Budget.LaplaceNoise(s, eps);
        });
    }

    internal PlannedRelease<double> PlanSum(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var (lo, hi) = Bounds("Sum");
        var sensitivity = Rows.Stability * Math.Max(Math.Abs(lo), Math.Abs(hi));
        return new(eps, [Budget.Laplace(sensitivity, eps)], () =>
        {
            var (_, sum, _) = ColumnData.Moments(Column, lo, hi, 0, squares: false);
            return sum + Budget.LaplaceNoise(sensitivity, eps);
        });
    }

    internal PlannedRelease<double> PlanMean(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var (lo, hi) = Bounds("Mean");
        double s = Rows.Stability, mid = (lo + hi) / 2, half = eps / 2, sumSensitivity = s * (hi - lo) / 2;
        return new(eps, [Budget.Laplace(sumSensitivity, half), Budget.Laplace(s, half)], () =>
        {
            var (count, centredSum, _) = ColumnData.Moments(Column, lo, hi, mid, squares: false);
            var noisySum = centredSum + Budget.LaplaceNoise(sumSensitivity, half);
            var noisyCount = count + Budget.LaplaceNoise(s, half);
            return Math.Clamp(mid + noisySum / Math.Max(1, noisyCount), lo, hi);
        });
    }

    internal PlannedRelease<double> PlanVariance(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var (lo, hi) = Bounds("Var");
        double s = Rows.Stability, mid = (lo + hi) / 2, r = (hi - lo) / 2, third = eps / 3;
        return new(eps, [Budget.Laplace(s, third), Budget.Laplace(s * r, third), Budget.Laplace(s * r * r, third)], () =>
        {
            var (count, sum, sumSq) = ColumnData.Moments(Column, lo, hi, mid, squares: true);
            var n = Math.Max(1, count + Budget.LaplaceNoise(s, third));
            var mean = Math.Clamp((sum + Budget.LaplaceNoise(s * r, third)) / n, -r, r);
            var meanSquare = (sumSq + Budget.LaplaceNoise(s * r * r, third)) / n;
            return Math.Clamp(meanSquare - mean * mean, 0, r * r);
        });
    }

    internal PlannedRelease<double> PlanQuantile(double q, double eps)
    {
        Budget.ValidateEpsilon(eps);
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), $"A quantile must be in [0, 1], got {q}.");
        var (lo, hi) = Bounds("Quantile");
        var s = Rows.Stability;
        return new(eps, [new PureDpEvent(eps)], () =>
        {
            var sorted = ColumnData.SortedValid(Column, lo, hi);
            return ExponentialQuantile.Sample(sorted, q, eps, lo, hi, s);
        });
    }

    /// <summary>The 8 Describe statistics (count, mean, std, min, 25%, 50%, 75%, max) at ε for this column.</summary>
    internal PlannedRelease<double[]> PlanDescribe(double eps)
    {
        var (lo, hi) = Bounds("Describe");
        double s = Rows.Stability, mid = (lo + hi) / 2, r = (hi - lo) / 2;
        double countEps = eps * DescribeSplit.Count, sumEps = eps * DescribeSplit.Sum, squareEps = eps * DescribeSplit.Squares, quantileEps = eps * DescribeSplit.EachQuantile;
        PrivacyEvent[] events =
        [
            Budget.Laplace(s, countEps), Budget.Laplace(s * r, sumEps), Budget.Laplace(s * r * r, squareEps),
            .. DescribeSplit.Quantiles.Select(_ => new PureDpEvent(quantileEps)),
        ];
        return new(eps, events, () =>
        {
            var (count, sum, sumSq) = ColumnData.Moments(Column, lo, hi, mid, squares: true);
            var noisyCount = count + Budget.LaplaceNoise(s, countEps);
            var n = Math.Max(1, noisyCount);
            var mean = Math.Clamp((sum + Budget.LaplaceNoise(s * r, sumEps)) / n, -r, r);
            var variance = Math.Clamp((sumSq + Budget.LaplaceNoise(s * r * r, squareEps)) / n - mean * mean, 0, r * r);
            var sorted = ColumnData.SortedValid(Column, lo, hi);
            var quantiles = DescribeSplit.Quantiles.Select(q => ExponentialQuantile.Sample(sorted, q, quantileEps, lo, hi, (int)s)).ToArray();
            return [noisyCount, mid + mean, Math.Sqrt(variance), .. quantiles];
        });
    }

    internal PlannedRelease<double[]> PlanCounts(int cells, Func<int[]> codes, double eps)
    {
        Budget.ValidateEpsilon(eps);
        double s = Rows.Stability;
        return new(eps, [Budget.Laplace(s, eps)], () =>
        {
            var counts = new double[cells];
            foreach (var code in codes()) if (code >= 0) counts[code]++;
            for (var i = 0; i < cells; i++) counts[i] += Budget.LaplaceNoise(s, eps);
            return counts;
        });
    }

    /// <summary>Cell labels and a lazy per-row code (−1 = missing) for categorical or boolean series.</summary>
    internal (IReadOnlyList<string> Labels, Func<int[]> Codes) CategoryCodes(string operation)
    {
        switch (Kind)
        {
            case ColumnKind.Categorical:
                var index = Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
                return (Categories, () => ReadStrings().Select(v => v is not null && index.TryGetValue(v, out var i) ? i : -1).ToArray());
            case ColumnKind.Boolean:
                return (["false", "true"], () => ReadNumbers().Select(v => double.IsNaN(v) ? -1 : v == 1 ? 1 : 0).ToArray());
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
        return (Enumerable.Range(0, bins).Select(i => Binning.Label(edges, i)).ToList(), () => Binning.Codes(ReadNumbers(), lo, hi, bins));
    }

    internal PlannedRelease<double> PlanCovariance(PrivateSeries other, double eps, bool correlation)
    {
        Budget.ValidateEpsilon(eps);
        var (xlo, xhi) = Bounds(correlation ? "Corr" : "Cov");
        var (ylo, yhi) = other.Bounds(correlation ? "Corr" : "Cov");
        Rows.RequireSame(other.Rows, correlation ? "Corr" : "Cov");
        double s = Rows.Stability, mx = (xlo + xhi) / 2, my = (ylo + yhi) / 2, rx = (xhi - xlo) / 2, ry = (yhi - ylo) / 2;
        var parts = correlation ? 6 : 4;
        var e = eps / parts;
        double[] sensitivities = correlation ? [s, s * rx, s * ry, s * rx * rx, s * ry * ry, s * rx * ry] : [s, s * rx, s * ry, s * rx * ry];
        return new(eps, sensitivities.Select(d => Budget.Laplace(d, e)).ToList(), () =>
        {
            var x = ReadNumbers();
            var y = other.ReadNumbers();
            double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (var i = 0; i < x.Length; i++)
            {
                if (double.IsNaN(x[i]) || double.IsNaN(y[i])) continue;
                var dx = Math.Clamp(x[i], xlo, xhi) - mx;
                var dy = Math.Clamp(y[i], ylo, yhi) - my;
                n++; sx += dx; sy += dy; sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
            }
            var count = Math.Max(1, n + Budget.LaplaceNoise(sensitivities[0], e));
            var meanX = Math.Clamp((sx + Budget.LaplaceNoise(sensitivities[1], e)) / count, -rx, rx);
            var meanY = Math.Clamp((sy + Budget.LaplaceNoise(sensitivities[2], e)) / count, -ry, ry);
            if (!correlation)
                return Math.Clamp((sxy + Budget.LaplaceNoise(sensitivities[3], e)) / count - meanX * meanY, -rx * ry, rx * ry);
            var varX = Math.Clamp((sxx + Budget.LaplaceNoise(sensitivities[3], e)) / count - meanX * meanX, 0, rx * rx);
            var varY = Math.Clamp((syy + Budget.LaplaceNoise(sensitivities[4], e)) / count - meanY * meanY, 0, ry * ry);
            var cov = (sxy + Budget.LaplaceNoise(sensitivities[5], e)) / count - meanX * meanY;
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
            codes[i] = double.IsNaN(values[i]) ? -1 : width <= 0 ? 0 : Math.Clamp((int)Math.Floor((Math.Clamp(values[i], lo, hi) - lo) / width), 0, bins - 1);
        return codes;
    }

    public static string Label(double[] edges, int bin) =>
        $"[{PublicTable.FormatNumber(edges[bin])}, {PublicTable.FormatNumber(edges[bin + 1])}{(bin == edges.Length - 2 ? "]" : ")")}";
}
