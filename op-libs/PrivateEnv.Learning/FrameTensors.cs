using PrivateEnv.DataFrame;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// Private tensors from a private frame, for DP-SGD (free: private → private; nothing is released).
/// Features are the named numeric columns scaled to [0, 1] by their declared bounds, missing values
/// at 0.5; one-hot encode categorical columns first.
/// </summary>
public static class FrameTensors
{
    /// <summary>Features of shape [rows, columns].</summary>
    public static PrivateTensor Features(PrivateDataFrame frame, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (values, rows) = frame.ReadTrainingMatrix(columns);
        return new PrivateTensor(tensor(values, new long[] { rows, columns.Length }), frame.Charger);
    }

    /// <summary>Class labels 0..k−1 from a categorical column, in its declared category order (missing → 0).</summary>
    public static PrivateTensor ClassLabels(PrivateDataFrame frame, string column)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var (codes, _) = frame.ReadClassLabels(column);
        return new PrivateTensor(tensor(codes, new long[] { codes.Length }), frame.Charger);
    }

    /// <summary>Regression targets of shape [rows, 1] from a numeric column (clamped to its bounds).</summary>
    public static PrivateTensor Targets(PrivateDataFrame frame, string column)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var values = frame.ReadNumericTargets(column);
        return new PrivateTensor(tensor(values, new long[] { values.Length, 1 }), frame.Charger);
    }
}
