using PrivateEnv.DataFrame.Hosting;

namespace PrivateEnv.DataFrame;

/// <summary>What the learning library reads to build private tensors (internal: cells never see values).</summary>
public sealed partial class PrivateDataFrame
{
    /// <summary>
    /// Numeric columns as a row-major matrix over every slot of the row space, each scaled to [0, 1] by its declared
    /// bounds (public), missing values at 0.5; and the frame's mask. Categorical columns must be one-hot encoded first.
    /// </summary>
    internal (float[] Values, RowSpace Rows, RowMask Mask) ReadTrainingMatrix(IReadOnlyList<string> columns)
    {
        RequireUnitStability("training features");
        return ReadFeatureMatrix(columns);
    }

    /// <summary>
    /// The same matrix for prediction or evaluation, where one individual may own several rows (what is released
    /// from it pays for that through the row space's stability).
    /// </summary>
    internal (float[] Values, RowSpace Rows, RowMask Mask) ReadFeatureMatrix(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0) throw new ArgumentException("Name at least one feature column.");
        var series = columns.Select(c => this[c]).ToList();
        foreach (var s in series)
            if (!s.IsNumberLike)
                throw new ArgumentException($"Feature column '{s.Name}' is {PrivateSeries.KindName(s.Kind)}; one-hot encode it first (OneHotEncode(\"{s.Name}\")).");
        var size = Rows.Size;
        var matrix = new float[(long)size * series.Count];
        for (var j = 0; j < series.Count; j++)
        {
            var (lo, hi) = series[j].Bounds("training features");
            var width = hi > lo ? hi - lo : 1;
            var values = series[j].Numbers;
            for (var i = 0; i < size; i++)
                matrix[(long)i * series.Count + j] = double.IsNaN(values[i]) ? 0.5f : (float)((Math.Clamp(values[i], lo, hi) - lo) / width);
        }
        return (matrix, Rows, Mask);
    }

    /// <summary>A categorical (or boolean) column as class indices in its declared order; rows missing a label leave the mask.</summary>
    internal (long[] Codes, IReadOnlyList<string> Classes, RowSpace Rows, RowMask Mask) ReadClassLabels(string column, bool forTraining = true)
    {
        if (forTraining) RequireUnitStability("training labels");
        var series = this[column];
        var (labels, codes) = series.CategoryCodes("class labels");
        var raw = codes();
        return (raw.Select(c => c < 0 ? 0L : c).ToArray(), labels, Rows, Mask.WithoutMissing(series.Values.Present()));
    }

    /// <summary>A numeric column as regression targets clamped to its bounds; rows missing a target leave the mask.</summary>
    internal (float[] Targets, RowSpace Rows, RowMask Mask) ReadNumericTargets(string column, bool forTraining = true)
    {
        if (forTraining) RequireUnitStability("training targets");
        var series = this[column];
        var (lo, hi) = series.Bounds("regression targets");
        var targets = series.Numbers.Select(v => (float)(double.IsNaN(v) ? (lo + hi) / 2 : Math.Clamp(v, lo, hi))).ToArray();
        return (targets, Rows, Mask.WithoutMissing(series.Values.Present()));
    }

    private void RequireUnitStability(string what)
    {
        if (Rows.Stability != 1)
            throw new InvalidOperationException($"DP-SGD needs one row per individual; this frame was concatenated (one individual may be {Rows.Stability} rows), so it cannot give {what}.");
    }
}
