using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.DataFrame;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// Private tensors from a private frame, for DP-SGD (free: private → private; nothing is released). They span the
/// dataset's row slots and keep the frame's mask, so features and labels of one dataset pair up slot by slot.
/// Features are the named numeric columns scaled to [0, 1] by their declared bounds, missing values at 0.5;
/// one-hot encode categorical columns first. Rows missing a label or target leave the labels' mask.
/// </summary>
public static class FrameTensors
{
    /// <summary>Features of shape [slots, columns].</summary>
    public static PrivateTensor Features(PrivateDataFrame frame, params string[] columns) => Features(frame, columns, forTraining: true);

    /// <summary>Class labels 0..k−1 from a categorical (or boolean) column, in its declared category order.</summary>
    public static PrivateTensor ClassLabels(PrivateDataFrame frame, string column) => ClassLabels(frame, column, forTraining: true);

    /// <summary>Regression targets of shape [slots, 1] from a numeric column (clamped to its bounds).</summary>
    public static PrivateTensor Targets(PrivateDataFrame frame, string column) => Targets(frame, column, forTraining: true);

    // Training needs one row per individual; prediction and evaluation do not (their releases pay for MaxRowsPerIndividual).
    internal static PrivateTensor Features(PrivateDataFrame frame, string[] columns, bool forTraining)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(columns);
        var (values, rows, mask) = forTraining ? FrameData.ReadTrainingMatrix(frame, columns) : FrameData.ReadFeatureMatrix(frame, columns);
        return new PrivateTensor(tensor(values, new long[] { rows.Size, columns.Length }), rows, mask);
    }

    internal static PrivateTensor ClassLabels(PrivateDataFrame frame, string column, bool forTraining)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (codes, classes, rows, mask) = FrameData.ReadClassLabels(frame, column, forTraining);
        return new PrivateTensor(tensor(codes, new long[] { codes.Length }), rows, mask, classes);
    }

    internal static PrivateTensor Targets(PrivateDataFrame frame, string column, bool forTraining)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (targets, rows, mask) = FrameData.ReadNumericTargets(frame, column, forTraining);
        return new PrivateTensor(tensor(targets, new long[] { targets.Length, 1 }), rows, mask);
    }
}
