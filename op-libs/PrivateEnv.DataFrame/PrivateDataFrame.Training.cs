using PrivateEnv.DataFrame.Internal;

namespace PrivateEnv.DataFrame;

/// <summary>What the learning library reads to build private tensors (internal: cells never see values).</summary>
public sealed partial class PrivateDataFrame
{
    /// <summary>
    /// Numeric columns as a row-major matrix, each scaled to [0, 1] by its declared bounds (public),
    /// missing values at 0.5. Categorical columns must be one-hot encoded first.
    /// </summary>
    internal (float[] Values, int Rows) ReadTrainingMatrix(IReadOnlyList<string> columns)
    {
        RequireUnitStability("training features");
        if (columns.Count == 0) throw new ArgumentException("Name at least one feature column.");
        var series = columns.Select(c => this[c]).ToList();
        foreach (var s in series)
            if (!s.IsNumberLike)
                throw new ArgumentException($"Feature column '{s.Name}' is {PrivateSeries.KindName(s.Kind)}; one-hot encode it first (OneHotEncode(\"{s.Name}\")).");
        var rows = (int)Frame.Rows.Count;
        var matrix = new float[rows * series.Count];
        for (var j = 0; j < series.Count; j++)
        {
            var (lo, hi) = series[j].Bounds("training features");
            var width = hi > lo ? hi - lo : 1;
            var values = series[j].ReadNumbers();
            for (var i = 0; i < rows; i++)
                matrix[i * series.Count + j] = double.IsNaN(values[i]) ? 0.5f : (float)((Math.Clamp(values[i], lo, hi) - lo) / width);
        }
        return (matrix, rows);
    }

    /// <summary>A categorical column as class indices in its declared category order (missing → class 0).</summary>
    internal (long[] Codes, IReadOnlyList<string> Classes) ReadClassLabels(string column)
    {
        RequireUnitStability("training labels");
        var (labels, codes) = this[column].CategoryCodes("class labels");
        var raw = codes();
        return (raw.Select(c => c < 0 || c >= labels.Count ? 0L : c).ToArray(), labels);
    }

    /// <summary>A numeric column as regression targets, clamped to its bounds (missing → the bounds' midpoint).</summary>
    internal float[] ReadNumericTargets(string column)
    {
        RequireUnitStability("training targets");
        var series = this[column];
        var (lo, hi) = series.Bounds("regression targets");
        return series.ReadNumbers().Select(v => (float)(double.IsNaN(v) ? (lo + hi) / 2 : Math.Clamp(v, lo, hi))).ToArray();
    }

    private void RequireUnitStability(string what)
    {
        if (Rows.Stability != 1)
            throw new InvalidOperationException($"DP-SGD needs one row per individual; this frame was concatenated (one individual may be {Rows.Stability} rows), so it cannot give {what}.");
    }
}
