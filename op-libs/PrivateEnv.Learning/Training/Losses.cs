using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// A loss, by name ("mse", "mae", "binary_crossentropy", "crossentropy", "huber") or as an options record.
/// Cross-entropies read the model's last activation: after "softmax"/"sigmoid" the outputs are taken as
/// probabilities, otherwise as logits (unless FromLogits says otherwise).
/// </summary>
public abstract record LossOptions
{
    public static readonly string[] Names = { "mse", "mae", "binary_crossentropy", "crossentropy", "huber" };

    public static LossOptions FromName(string name) => (name ?? "").Trim().ToLowerInvariant().Replace(" ", "_") switch
    {
        "mse" or "mean_squared_error" => new MeanSquaredError(),
        "mae" or "mean_absolute_error" => new MeanAbsoluteError(),
        "binary_crossentropy" or "bce" or "binary_cross_entropy" => new BinaryCrossEntropy(),
        "crossentropy" or "cross_entropy" or "categorical_crossentropy" or "sparse_categorical_crossentropy" => new CrossEntropy(),
        "huber" => new Huber(),
        _ => throw new ArgumentException($"Unknown loss '{name}'. Use one of: {string.Join(", ", Names)} (or an options record such as new Huber(delta)).", nameof(name)),
    };

    /// <summary>True when targets are class indices (cast to int64), false when they are numbers.</summary>
    internal virtual bool UsesClassTargets => false;

    /// <summary>The loss of each example, shape [batch].</summary>
    internal abstract Tensor PerExample(Tensor output, Tensor target, string lastActivation);

    /// <summary>Reshapes numeric targets to the output's shape ([b] targets for [b, 1] outputs).</summary>
    protected static Tensor MatchTarget(Tensor output, Tensor target)
    {
        if (output.numel() != target.numel())
            throw new ArgumentException($"The labels have {target.numel() / Math.Max(1, target.shape[0])} values per example but the model outputs {output.numel() / Math.Max(1, output.shape[0])}; make the last layer match the labels.");
        return target.to_type(output.dtype).reshape(output.shape);
    }

    protected static Tensor MeanPerExample(Tensor elementwise) =>
        elementwise.dim() == 1 ? elementwise : elementwise.flatten(1).mean(new long[] { 1 });
}

public sealed record MeanSquaredError : LossOptions
{
    internal override Tensor PerExample(Tensor output, Tensor target, string lastActivation) =>
        MeanPerExample((output - MatchTarget(output, target)).pow(2));
}

public sealed record MeanAbsoluteError : LossOptions
{
    internal override Tensor PerExample(Tensor output, Tensor target, string lastActivation) =>
        MeanPerExample((output - MatchTarget(output, target)).abs());
}

/// <summary>Huber loss: quadratic within ±Delta, linear beyond.</summary>
public sealed record Huber(double Delta = 1.0) : LossOptions
{
    internal override Tensor PerExample(Tensor output, Tensor target, string lastActivation) =>
        MeanPerExample(nn.functional.huber_loss(output, MatchTarget(output, target), Delta, nn.Reduction.None));
}

/// <summary>Binary cross-entropy on 0/1 targets; probabilities after a sigmoid, logits otherwise.</summary>
public sealed record BinaryCrossEntropy(bool? FromLogits = null) : LossOptions
{
    internal override Tensor PerExample(Tensor output, Tensor target, string lastActivation)
    {
        var y = MatchTarget(output, target);
        if (FromLogits ?? lastActivation != "sigmoid")
            return MeanPerExample(nn.functional.binary_cross_entropy_with_logits(output, y, reduction: nn.Reduction.None));
        var p = output.clamp(1e-7, 1 - 1e-7);
        return MeanPerExample(-(y * p.log() + (1 - y) * (1 - p).log()));
    }
}

/// <summary>Cross-entropy on class-index targets; probabilities after a softmax, logits otherwise.</summary>
public sealed record CrossEntropy(bool? FromLogits = null) : LossOptions
{
    internal override bool UsesClassTargets => true;

    internal override Tensor PerExample(Tensor output, Tensor target, string lastActivation)
    {
        if (output.dim() != 2) throw new ArgumentException("CrossEntropy expects outputs of shape [batch, classes]; end the model with Dense(classes).");
        // Out-of-range labels are clamped rather than reported: libtorch's error would print a private label.
        var classes = target.to_type(ScalarType.Int64).reshape(-1).clamp(0, output.shape[1] - 1);
        if (FromLogits ?? lastActivation != "softmax" && lastActivation != "log_softmax")
            return nn.functional.cross_entropy(output, classes, reduction: nn.Reduction.None);
        var logProbabilities = lastActivation == "log_softmax" ? output : output.clamp_min(1e-7).log();
        return nn.functional.nll_loss(logProbabilities, classes, reduction: nn.Reduction.None);
    }
}
