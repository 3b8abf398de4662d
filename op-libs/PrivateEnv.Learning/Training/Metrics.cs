using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>Per-example metrics by name, each bounded so that their sums have known sensitivity.</summary>
internal static class Metrics
{
    public static readonly string[] Names = { "accuracy", "mae", "mse" };

    public static string Normalise(string name)
    {
        var key = (name ?? "").Trim().ToLowerInvariant() switch { "acc" => "accuracy", "mean_absolute_error" => "mae", "mean_squared_error" => "mse", var k => k };
        if (!Names.Contains(key)) throw new ArgumentException($"Unknown metric '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name));
        return key;
    }

    /// <summary>Value of the metric for each example, shape [batch]; accuracy is 0/1, errors are clamped to [0, bound].</summary>
    public static Tensor PerExample(string metric, Tensor output, Tensor target, LossOptions loss, string lastActivation, double bound)
    {
        switch (metric)
        {
            case "accuracy":
                if (loss is CrossEntropy || (output.dim() == 2 && output.shape[1] > 1))
                    return output.argmax(1).eq(target.to_type(ScalarType.Int64).reshape(-1)).to_type(ScalarType.Float32);
                var threshold = lastActivation == "sigmoid" ? 0.5 : 0.0;
                var predicted = output.reshape(output.shape[0], -1).gt(threshold).to_type(ScalarType.Float32);
                return predicted.eq(target.to_type(ScalarType.Float32).reshape(predicted.shape)).to_type(ScalarType.Float32).mean(new long[] { 1 });
            case "mae":
            case "mse":
                var difference = output.reshape(output.shape[0], -1) - target.to_type(output.dtype).reshape(output.shape[0], -1);
                var error = metric == "mae" ? difference.abs() : difference.pow(2);
                return error.mean(new long[] { 1 }).clamp(0, bound);
            default:
                throw new ArgumentException($"Unknown metric '{metric}'.");
        }
    }

    public static double Bound(string metric, double errorBound) => metric == "accuracy" ? 1.0 : errorBound;
}
