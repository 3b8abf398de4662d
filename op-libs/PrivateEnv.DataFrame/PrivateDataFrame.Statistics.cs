using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.DataFrame;

// DP statistics over several columns. Each call charges once (its parts composed) before reading data.
public sealed partial class PrivateDataFrame
{
    /// <summary>DP row count: count + discrete Laplace(s/ε), ε-DP (one individual changes ≤ s rows).</summary>
    public double Count(double eps) => PlanRowCount(eps).Release(Charger, $"{Name}.Count(eps: {Budget.Format(eps)})");

    internal PlannedRelease<double> PlanRowCount(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var part = new LaplaceSums(ContributionBounds.Indicator, Rows.Stability, eps);
        return new([part], () =>
        {
            long count = 0;
            foreach (var inside in Mask.Inside) count += inside;
            return part.Release(count);
        });
    }

    /// <summary>
    /// DP summary of every numeric and boolean column: count, mean, std, min, 25%, 50%, 75%, max.
    /// ε is split evenly over the k columns (sequential composition); within a column 10% goes to the
    /// count, 20% to the centred sum, 20% to the centred sum of squares (discrete Laplace on exact sums) and 10%
    /// to each of the five quantiles (report noisy max over the grid of the bounds). The table's note says so.
    /// </summary>
    public PublicTable Describe(double eps)
    {
        Budget.ValidateEpsilon(eps);
        var numeric = AllSeries().Where(s => s.IsNumberLike).ToList();
        if (numeric.Count == 0) throw new InvalidOperationException("Describe needs at least one numeric or boolean column; use ValueCounts for categorical ones.");
        var labelColumn = numeric.Any(s => s.Name == "statistic") ? "_statistic" : "statistic";
        var perColumn = eps / numeric.Count;
        var plans = numeric.Select(s => s.PlanDescribe(perColumn)).ToList();
        DpRelease.Charge(Charger, $"{Name}.Describe(eps: {Budget.Format(eps)})", [.. plans.SelectMany(p => p.Parts)]);
        var results = new double[plans.Count][];
        // Columns are independent; two at a time keeps the 2-core machine busy without oversubscribing.
        Parallel.For(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount) }, i => results[i] = plans[i].Compute());
        var table = PublicTable.Empty.WithColumn(labelColumn, DescribeSplit.Statistics);
        for (var i = 0; i < numeric.Count; i++) table = table.WithColumn(numeric[i].Name, results[i]);
        var skipped = Metadata.Columns.Where(c => !numeric.Any(s => s.Name == c.Name)).Select(c => c.Name).ToList();
        return table.WithNote(
            $"DP summary, ε={Budget.Format(eps)} in total: ε={Budget.Format(perColumn)} per column for {numeric.Count} column(s); " +
            $"per column {DescribeSplit.Count:P0} count, {DescribeSplit.Sum:P0} sum and {DescribeSplit.Squares:P0} sum of squares (discrete Laplace on exact sums; mean and std derive from them), " +
            $"{DescribeSplit.EachQuantile:P0} for each of min, 25%, 50%, 75%, max (report noisy max over 4096 cells of the bounds). std is the population std." +
            (skipped.Count > 0 ? $" Not summarised (not numeric): {string.Join(", ", skipped)}." : ""));
    }

    /// <summary>
    /// DP 2-D histogram (contingency table) of two columns: categories for categorical/boolean
    /// columns, <paramref name="bins"/> equal-width bins for numeric ones. One count + discrete Laplace(s/ε) per
    /// cell, ε-DP: each row is in exactly one cell, so the L1 sensitivity is s (Dwork et al. 2006).
    /// Rows are <paramref name="rowColumn"/>'s cells, columns are <paramref name="columnColumn"/>'s.
    /// </summary>
    public PublicTable Histogram2D(string rowColumn, string columnColumn, double eps, int bins = 10)
    {
        Budget.ValidateEpsilon(eps);
        var (rowLabels, rowCodes) = this[rowColumn].CellCodes(bins, "Histogram2D");
        var (colLabels, colCodes) = this[columnColumn].CellCodes(bins, "Histogram2D");
        var cells = rowLabels.Count * colLabels.Count;
        if (cells > 1_000_000) throw new ArgumentException($"Histogram2D would have {cells} cells; use fewer bins.");
        var counts = this[rowColumn].PlanCounts(cells, () =>
        {
            var r = rowCodes();
            var c = colCodes();
            var codes = new int[r.Length];
            for (var i = 0; i < codes.Length; i++) codes[i] = r[i] < 0 || c[i] < 0 ? -1 : r[i] * colLabels.Count + c[i];
            return codes;
        }, eps).Release(Charger, $"{Name}.Histogram2D({rowColumn}, {columnColumn}, eps: {Budget.Format(eps)})");
        var table = PublicTable.Empty.WithColumn(rowColumn, rowLabels);
        for (var j = 0; j < colLabels.Count; j++)
        {
            var col = j;
            table = table.WithColumn(colLabels[j] == rowColumn ? $"{columnColumn}={colLabels[j]}" : colLabels[j],
                Enumerable.Range(0, rowLabels.Count).Select(i => counts[i * colLabels.Count + col]));
        }
        return table.WithNote($"DP counts of {rowColumn} (rows) × {columnColumn} (columns), ε={Budget.Format(eps)} (discrete Laplace, scale {Rows.Stability}/ε per cell; parallel composition over cells).")
            .WithHeatMap(rowColumn);
    }

    /// <summary>DP covariance of two numeric columns, ε-DP; see <see cref="PrivateSeries.Cov"/>.</summary>
    public double Cov(string x, string y, double eps) => this[x].Cov(this[y], eps);

    /// <summary>DP Pearson correlation of two numeric columns, ε-DP; see <see cref="PrivateSeries.Corr"/>.</summary>
    public double Corr(string x, string y, double eps) => this[x].Corr(this[y], eps);

    /// <summary>
    /// Groups rows by a categorical or boolean column. The groups are its PUBLIC declared
    /// categories (every one appears, even if empty), never values found in the data.
    /// </summary>
    public PrivateGroupBy GroupBy(string column)
    {
        var key = this[column];
        key.CategoryCodes("GroupBy");
        return new PrivateGroupBy(this, key);
    }
}
