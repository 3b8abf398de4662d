using System.Globalization;
using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A private frame grouped by a categorical or boolean column with public declared categories.
/// Statistics are computed per group at the given ε and cost ε in total, not ε per group, by
/// parallel composition: the groups are disjoint sets of rows chosen by public categories, so
/// adding or removing one row changes the data of one group only (McSherry 2009, PINQ, Thm 4).
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

    /// <summary>DP row count per group, ε-DP in total (Laplace, sensitivity s, parallel composition).</summary>
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
        if (aggregations.Length == 0) throw new ArgumentException("Agg needs at least one (column, statistic) pair, e.g. (\"age\", \"mean\").");
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
        // The cost is that of one group: plan on the whole frame (same bounds, same stability) only to get the events.
        var events = aggregations.SelectMany(a => Plan(frame, a.Column, a.Statistic, each).Events).ToList();
        Budget.Charge(frame.Charger, eps, events,
            $"{frame.Name}.GroupBy({key.Name}).Agg({string.Join(", ", aggregations.Select(a => $"{a.Column}:{a.Statistic}"))}, eps: {Budget.Format(eps)})");

        var (labels, codes) = key.CategoryCodes("GroupBy");
        // Only the aggregated columns are partitioned (the key alone when just rows are counted).
        var needed = aggregations.Select(a => a.Column).Where(c => c != "*").Distinct().DefaultIfEmpty(key.Name).ToArray();
        var groups = frame.Select(needed).Partition(codes(), labels.Count);
        var results = new double[aggregations.Length][];
        for (var a = 0; a < aggregations.Length; a++) results[a] = new double[labels.Count];
        for (var g = 0; g < labels.Count; g++)
            for (var a = 0; a < aggregations.Length; a++)
                results[a][g] = Plan(groups[g], aggregations[a].Column, aggregations[a].Statistic, each).Compute();
        var table = PublicTable.Empty.WithColumn(key.Name, labels);
        for (var a = 0; a < aggregations.Length; a++)
        {
            table = table.WithColumn(outputNames[a + 1], results[a]);
        }
        return table.WithNote(
            $"DP per-group statistics, ε={Budget.Format(eps)} in total: ε={Budget.Format(each)} per aggregation, " +
            $"each computed in all {labels.Count} groups of '{key.Name}' (disjoint groups from declared categories: parallel composition).");
    }

    private static PlannedRelease<double> Plan(PrivateDataFrame frame, string column, string statistic, double eps)
    {
        if (column == "*")
        {
            double s = frame.Rows.Stability;
            return new(eps, [Budget.Laplace(s, eps)], () => frame.Frame.Rows.Count + Budget.LaplaceNoise(s, eps));
        }
        var series = frame[column];
        return statistic switch
        {
            "count" => series.PlanCount(eps),
            "sum" => series.PlanSum(eps),
            "mean" => series.PlanMean(eps),
            "var" => series.PlanVariance(eps),
            "std" => Sqrt(series.PlanVariance(eps)),
            "median" => series.PlanQuantile(0.5, eps),
            "min" => series.PlanQuantile(0, eps),
            "max" => series.PlanQuantile(1, eps),
            _ => throw new ArgumentException($"Unknown statistic '{statistic}'."),
        };
    }

    private static PlannedRelease<double> Sqrt(PlannedRelease<double> variance) =>
        new(variance.Epsilon, variance.Events, () => Math.Sqrt(variance.Compute()));

    public override string ToString() =>
        $"PrivateGroupBy of '{frame.Name}' by '{key.Name}' ({Groups.Count} declared groups: {string.Join(", ", Groups)}; values are private)";

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
