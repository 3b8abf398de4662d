using PrivateEnv.DataFrame.Internal;

namespace PrivateEnv.DataFrame.Hosting;

/// <summary>
/// What the learning library reads from and builds into private frames: private values, for private tensors and
/// prediction frames. Host-side only: the cell allow-list names PrivateEnv.DataFrame, not its Hosting namespace, so cells
/// cannot call these (the arrow Learning → DataFrame goes through this public API, not through InternalsVisibleTo).
/// </summary>
public static class FrameData
{
    /// <summary>Numeric feature columns for training (unit stability required), scaled to [0, 1] by their declared bounds.</summary>
    public static (float[] Values, RowSpace Rows, RowMask Mask) ReadTrainingMatrix(PrivateDataFrame frame, IReadOnlyList<string> columns) =>
        frame.ReadTrainingMatrix(columns);

    /// <summary>The same matrix for prediction or evaluation, where one individual may own several rows.</summary>
    public static (float[] Values, RowSpace Rows, RowMask Mask) ReadFeatureMatrix(PrivateDataFrame frame, IReadOnlyList<string> columns) =>
        frame.ReadFeatureMatrix(columns);

    /// <summary>A categorical column as class indices in its declared order; rows missing a label leave the mask.</summary>
    public static (long[] Codes, IReadOnlyList<string> Classes, RowSpace Rows, RowMask Mask) ReadClassLabels(PrivateDataFrame frame, string column, bool forTraining = true) =>
        frame.ReadClassLabels(column, forTraining);

    /// <summary>A numeric column as regression targets clamped to its bounds; rows missing a target leave the mask.</summary>
    public static (float[] Targets, RowSpace Rows, RowMask Mask) ReadNumericTargets(PrivateDataFrame frame, string column, bool forTraining = true) =>
        frame.ReadNumericTargets(column, forTraining);

    /// <summary>A frame of columns that share one row space (e.g. a model's predictions).</summary>
    public static PrivateDataFrame FromSeries(string name, IReadOnlyList<PrivateSeries> series) => PrivateDataFrame.FromSeries(name, series);

    /// <summary>A categorical column over a row space: <paramref name="codes"/> index <paramref name="classes"/>, −1 is missing.</summary>
    public static PrivateSeries CategorySeries(RowSpace rows, RowMask mask, string name, IReadOnlyList<string> classes, int[] codes) =>
        new(rows, mask, new ColumnMetadata(name, ColumnKind.Categorical, Categories: classes), new CategoryValues(codes), name);

    /// <summary>A numeric column over a row space with declared bounds [lo, hi]; NaN is missing.</summary>
    public static PrivateSeries NumericSeries(RowSpace rows, RowMask mask, string name, double lo, double hi, double[] numbers) =>
        new(rows, mask, new ColumnMetadata(name, ColumnKind.Numeric, lo, hi), new NumericValues(numbers), name);
}
