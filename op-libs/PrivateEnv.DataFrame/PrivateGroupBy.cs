using PrivateEnv.DataFrame.Internal;
using PrivateEnv.DataFrame.Mechanisms;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A private frame grouped by a categorical or boolean column with public declared categories.
/// Statistics are computed per group at the given ε and cost ε in total, not ε per group, by
/// parallel composition: the groups are disjoint sets of rows chosen by public categories, so
/// adding or removing one row changes the data of one group only (McSherry 2009, PINQ, Thm 4).
/// Every group is a mask over the same row slots, so the work is the same whatever the groups hold.
/// </summary>
public sealed class PrivateGroupBy
{
    private static readonly string[] Known = ["count", "sum", "mean", "var", "std", "median", "min", "max"];
    private readonly PrivateDataFrame frame;
    private readonly PrivateSeries key;

    internal PrivateGroupBy(PrivateDataFrame frame, PrivateSeries key)
    {
        this.frame = frame;
        this.key = key;
    }

    /// <summary>The grouping column.</summary>
    public string Column => key.Name;

    /// <summary>The groups: the column's declared categories (public).</summary>
    public IReadOnlyList<string> Groups => key.CategoryCodes("GroupBy").Labels;

    /// <summary>DP row count per group, ε-DP in total (discrete Laplace, sensitivity s, parallel composition).</summary>
    public PublicTable Count(double eps) => Agg(eps, ("*", "count"));

    /// <summary>DP mean of a column per group, ε-DP in total.</summary>
    public PublicTable Mean(string column, double eps) => Agg(eps, (column, "mean"));

    /// <summary>DP sum of a column per group, ε-DP in total.</summary>
    public PublicTable Sum(string column, double eps) => Agg(eps, (column, "sum"));

    /// <summary>DP median of a column per group, ε-DP in total.</summary>
    public PublicTable Median(string column, double eps) => Agg(eps, (column, "median"));

    /// <summary>
    /// Several DP statistics per group; ε is split evenly over the aggregations (sequential
    /// composition) and each is computed in every group (parallel composition), so the call costs
    /// ε. Statistics: count, sum, mean, var, std, median, min, max; "count" accepts column "*"
    /// (rows). Example: <c>df.GroupBy("sex").Agg(1.0, ("age", "mean"), ("*", "count"))</c>.
    /// </summary>
    public PublicTable Agg(double eps, params (string Column, string Statistic)[] aggregations)
    {
        Budget.ValidateEpsilon(eps);
        if (aggregations is null || aggregations.Length == 0) throw new ArgumentException("Agg needs at least one (column, statistic) pair, e.g. (\"age\", \"mean\").");
        foreach (var (column, statistic) in aggregations)
        {
            if (!Known.Contains(statistic)) throw new ArgumentException($"Unknown statistic '{statistic}'; use one of {string.Join(", ", Known)}.");
            if (column != "*") _ = frame[column];
            else if (statistic != "count") throw new ArgumentException($"Column \"*\" only works with \"count\", not \"{statistic}\".");
        }
        var outputNames = aggregations.Select(a => a.Column == "*" ? "count" : $"{a.Column}_{a.Statistic}").Prepend(key.Name).ToList();
        var repeated = outputNames.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"Agg would produce the column '{repeated.Key}' twice; ask each (column, statistic) once.");
        var each = eps / aggregations.Length;
        Budget.ValidateShare(each, eps, "the aggregations");
        var (labels, codes) = key.CategoryCodes("GroupBy");
        var groups = labels.Count;
        var groupCodes = codes();
        // One charge for the whole call: the parts of one group, which parallel composition makes the cost of all.
        var plans = aggregations.Select(a => Plan(a.Column, a.Statistic, each, groups, groupCodes)).ToList();
        var parts = plans.SelectMany(p => p.Parts).ToArray();
        DpRelease.Charge(frame.Charger,
            $"{frame.Name}.GroupBy({key.Name}).Agg({string.Join(", ", aggregations.Select(a => $"{a.Column}:{a.Statistic}"))}, eps: {Budget.Format(each * aggregations.Length)})",
            parts);
        var table = PublicTable.Empty.WithColumn(key.Name, labels);
        for (var a = 0; a < aggregations.Length; a++) table = table.WithColumn(outputNames[a + 1], plans[a].Compute());
        return table.WithNote(
            $"DP per-group statistics, ε={Budget.Format(eps)} in total: ε={Budget.Format(each)} per aggregation, " +
            $"each computed in all {groups} groups of '{key.Name}' (disjoint groups from declared categories: parallel composition).");
    }

    /// <summary>
    /// The parts of one aggregation and how to compute it in every group. A group's values are released by the same
    /// parts' noise applied to each group's sums: the parts are multi-cell (one cell per group), and since each row is
    /// in one group the L1 sensitivity of the per-group vector is that of one group.
    /// </summary>
    private PlannedRelease<double[]> Plan(string column, string statistic, double eps, int groups, int[] groupCodes)
    {
        var inGroupMask = frame.Mask.Inside;
        var s = frame.Rows.Stability;
        if (column == "*")
        {
            var part = new LaplaceSums(ContributionBounds.Indicator, groups, s, eps);
            return new([part], () => part.Release(Accumulate.CellCounts(groupCodes, inGroupMask, groups)));
        }
        var series = frame[column];
        var mask = series.Mask.Inside;
        switch (statistic)
        {
            case "count":
                {
                    var part = new LaplaceSums(ContributionBounds.Indicator, groups, s, eps);
                    var present = series.Values.Present();
                    return new([part], () =>
                    {
                        var codes = new int[groupCodes.Length];
                        for (var i = 0; i < codes.Length; i++) codes[i] = present[i] == 1 ? groupCodes[i] : -1;
                        return part.Release(Accumulate.CellCounts(codes, mask, groups));
                    });
                }
            case "sum":
                {
                    var (lo, hi) = series.Bounds("sum");
                    var bounds = ContributionBounds.Range(lo, hi);
                    var part = new LaplaceSums(bounds, groups, s, eps);
                    return new([part], () => part.Release(Accumulate.CellSums(groupCodes, mask, series.Numbers, lo, hi, 0, false, bounds, groups)));
                }
            case "mean":
                {
                    var (lo, hi) = series.Bounds("mean");
                    double mid = (lo + hi) / 2, r = (hi - lo) / 2;
                    var bounds = ContributionBounds.Range(-r, r);
                    var count = new LaplaceSums(ContributionBounds.Indicator, groups, s, eps / 2);
                    var sum = new LaplaceSums(bounds, groups, s, eps / 2);
                    return new([sum, count], () =>
                    {
                        var sums = sum.Release(Accumulate.CellSums(groupCodes, mask, series.Numbers, lo, hi, mid, false, bounds, groups));
                        var counts = count.Release(PresentCounts(series, groupCodes, mask, groups));
                        return sums.Select((x, g) => Math.Clamp(mid + x / Math.Max(1, counts[g]), lo, hi)).ToArray();
                    });
                }
            case "var" or "std":
                {
                    var (lo, hi) = series.Bounds(statistic);
                    double mid = (lo + hi) / 2, r = (hi - lo) / 2, third = eps / 3;
                    ContributionBounds sumBounds = ContributionBounds.Range(-r, r), squareBounds = ContributionBounds.Range(0, r * r);
                    var count = new LaplaceSums(ContributionBounds.Indicator, groups, s, third);
                    var sum = new LaplaceSums(sumBounds, groups, s, third);
                    var squares = new LaplaceSums(squareBounds, groups, s, third);
                    return new([count, sum, squares], () =>
                    {
                        var counts = count.Release(PresentCounts(series, groupCodes, mask, groups));
                        var sums = sum.Release(Accumulate.CellSums(groupCodes, mask, series.Numbers, lo, hi, mid, false, sumBounds, groups));
                        var squareSums = squares.Release(Accumulate.CellSums(groupCodes, mask, series.Numbers, lo, hi, mid, true, squareBounds, groups));
                        return counts.Select((c, g) =>
                        {
                            var n = Math.Max(1, c);
                            var mean = Math.Clamp(sums[g] / n, -r, r);
                            var variance = Math.Clamp(squareSums[g] / n - mean * mean, 0, r * r);
                            return statistic == "std" ? Math.Sqrt(variance) : variance;
                        }).ToArray();
                    });
                }
            default:
                {
                    // Quantiles: one noisy max per group; by parallel composition each at ε, charged once (the parts of one group).
                    var (lo, hi) = series.Bounds(statistic);
                    var q = statistic switch { "min" => 0.0, "max" => 1.0, _ => 0.5 };
                    var part = GridQuantile.Part(eps, s, groups);
                    return new([part], () =>
                    {
                        var result = new double[groups];
                        for (var g = 0; g < groups; g++)
                        {
                            var groupMask = new byte[mask.Length];
                            for (var i = 0; i < mask.Length; i++) groupMask[i] = (byte)(mask[i] & (groupCodes[i] == g ? 1 : 0));
                            result[g] = GridQuantile.Midpoint(part.Release(GridQuantile.Utilities(GridQuantile.Histogram(series.Numbers, groupMask, lo, hi), q)), lo, hi);
                        }
                        return result;
                    });
                }
        }
    }

    private static long[] PresentCounts(PrivateSeries series, int[] groupCodes, byte[] mask, int groups)
    {
        var present = series.Values.Present();
        var codes = new int[groupCodes.Length];
        for (var i = 0; i < codes.Length; i++) codes[i] = present[i] == 1 ? groupCodes[i] : -1;
        return Accumulate.CellCounts(codes, mask, groups);
    }

    public override string ToString() =>
        $"PrivateGroupBy of '{frame.Name}' by '{key.Name}' ({Groups.Count} declared groups: {string.Join(", ", Groups)}; values are private)";

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
