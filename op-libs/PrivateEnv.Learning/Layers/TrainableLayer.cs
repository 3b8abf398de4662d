using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>
/// A layer whose per-example gradients can be computed from its recorded input and the gradient of its output,
/// vectorised over the batch (no loop over examples). The contract that DP-SGD's sensitivity rests on: the norms are
/// those of exactly the per-example tensors that <see cref="ClippedSums"/> adds up — the same tensor values, summed in
/// float64 — so no rounding or cancellation can make an example's summed contribution larger than its clipped norm.
/// </summary>
internal interface IPerSampleGradientLayer
{
    /// <summary>
    /// Squared L2 norms (float64, shape [batch]) of each example's gradient over this layer's parameters; keeps in
    /// <paramref name="record"/> the per-example tensors the sum will use.
    /// </summary>
    Tensor PerSampleSquaredNorms(CapturedActivation record, Tensor outputGradient);

    /// <summary>Σ_b factors[b] · (example b's gradient) for each parameter of the layer, in its parameter order, in float64.</summary>
    Tensor[] ClippedSums(CapturedActivation record, Tensor outputGradient, Tensor factors);
}

/// <summary>What a trainable layer recorded in a forward pass: its input (or a derived tensor) and its pre-activation output.</summary>
internal sealed class CapturedActivation(IPerSampleGradientLayer layer, Tensor input, Tensor output)
{
    public IPerSampleGradientLayer Layer { get; } = layer;
    /// <summary>Settable so that clipping can zero the rows of examples whose gradient is not finite.</summary>
    public Tensor Input { get; set; } = input;
    public Tensor Output { get; } = output;
    /// <summary>What the layer's norm rule computed and its clipped sum reuses (per-example gradients, or unfolded inputs for a ghost norm).</summary>
    public Tensor[]? KeptForClippedSum { get; set; }
}

/// <summary>Collects the activations of one forward pass.</summary>
internal sealed class GradientCapture
{
    private readonly List<CapturedActivation> records = new();
    public IReadOnlyList<CapturedActivation> Records => records;
    // The input is kept detached: the per-layer rules need its values only, and an attached input would keep the
    // autograd graph below it (activations, pooling indices) alive after the forward pass is freed.
    public void Record(IPerSampleGradientLayer layer, Tensor input, Tensor output) => records.Add(new CapturedActivation(layer, input.detach(), output));
}

internal static class PerSampleMath
{
    /// <summary>
    /// Σ over all but the batch dimension of x², in float64: squares of float32 values can underflow or overflow in
    /// float32 (1e-23² is 0), and a norm computed too small lets an example through unclipped.
    /// </summary>
    public static Tensor SquaredNormPerRow(Tensor perSample) => perSample.to_type(ScalarType.Float64).flatten(1).pow(2).sum(1);

    /// <summary>A tensor in float64 for norm arithmetic (see <see cref="SquaredNormPerRow"/>).</summary>
    public static Tensor Wide(Tensor values) => values.to_type(ScalarType.Float64);

    /// <summary>Σ_b factors[b] · perSample[b] in float64 (factors are float64), shaped like one example's tensor.</summary>
    public static Tensor WeightedSum(Tensor perSample, Tensor factors) =>
        factors.view(1, -1).mm(Wide(perSample).flatten(1)).view(perSample.shape.Skip(1).ToArray());
}
