using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>Flattens everything but the batch dimension.</summary>
public sealed class Flatten(int[]? inputShape = null) : Layer(inputShape)
{
    public override string Kind => "Flatten";
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) => input.flatten(1);
    internal override JsonObject ToConfig() => new() { ["input_shape"] = ShapeJson(InputShape) };
}

/// <summary>Reshapes each example to <see cref="TargetShape"/> (same number of elements).</summary>
public sealed class Reshape : Layer
{
    public Reshape(int[] targetShape, int[]? inputShape = null) : base(inputShape)
    {
        this.targetShape = (int[])(targetShape ?? throw new ArgumentNullException(nameof(targetShape))).Clone();
        // An empty shape would leave examples without a dimension of their own (a softmax would then run across the batch).
        if (this.targetShape.Length == 0 || this.targetShape.Any(d => d < 1))
            throw new ArgumentException($"Reshape needs a target shape of at least one dimension, each ≥ 1, got [{string.Join(", ", this.targetShape)}].", nameof(targetShape));
    }

    public override string Kind => "Reshape";
    private readonly int[] targetShape;

    /// <summary>The shape of each example after this layer; a copy.</summary>
    public int[] TargetShape => (int[])targetShape.Clone();

    protected override void CreateParameters(int[] inputShape)
    {
        if (inputShape.Aggregate(1L, (a, d) => a * d) != targetShape.Aggregate(1L, (a, d) => a * d))
            throw new ArgumentException($"Reshape cannot turn [{string.Join(", ", inputShape)}] into [{string.Join(", ", targetShape)}]: the element counts differ.");
    }

    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) =>
        input.reshape(new long[] { input.shape[0] }.Concat(targetShape.Select(d => (long)d)).ToArray());

    internal override JsonObject ToConfig() => new() { ["target_shape"] = ShapeJson(TargetShape), ["input_shape"] = ShapeJson(InputShape) };
}

/// <summary>Zeroes a fraction <see cref="Rate"/> of the inputs during training (per example, so DP-compatible).</summary>
public sealed class Dropout : Layer
{
    public Dropout(double rate, int[]? inputShape = null) : base(inputShape)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), $"Dropout rate must be in [0, 1), got {rate}.");
        Rate = rate;
    }

    public override string Kind => "Dropout";
    public double Rate { get; }
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) =>
        nn.functional.dropout(input, Rate, training);
    internal override JsonObject ToConfig() => new() { ["rate"] = Rate, ["input_shape"] = ShapeJson(InputShape) };
    public override string ToString() => $"Dropout({Rate})";
}

/// <summary>Applies an activation function by name.</summary>
public sealed class Activation : Layer
{
    public Activation(string name, int[]? inputShape = null) : base(inputShape) => Name = Activations.Normalise(name);

    public override string Kind => "Activation";
    public string Name { get; }
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) => Activations.Apply(Name, input);
    internal override JsonObject ToConfig() => new() { ["name"] = Name, ["input_shape"] = ShapeJson(InputShape) };
    public override string ToString() => $"Activation({Name})";
}
