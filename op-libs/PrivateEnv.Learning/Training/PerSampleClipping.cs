using PrivateEnv.Learning.Layers;
using TorchSharp.Modules;
using BatchNorm = PrivateEnv.Learning.Layers.BatchNorm;
using Activation = PrivateEnv.Learning.Layers.Activation;
using PrivateEnv.Privacy.Releases;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// Computes Σ_b clip(g_b, C) for a batch without a loop over examples: one forward pass that records
/// each trainable layer's input, one backward pass to the layers' outputs only, then per-layer
/// vectorised per-example norms (ghost norms or batched matmuls) and a weighted sum.
/// </summary>
internal sealed class PerSampleClipping
{
    private readonly Sequential model;
    private readonly LossOptions loss;
    private readonly string lastActivation;
    private readonly Parameter[] parameters;

    public PerSampleClipping(Sequential model, LossOptions loss)
    {
        this.model = model;
        this.loss = loss;
        model.EnsureBuilt();
        foreach (var layer in model.Layers)
        {
            if (layer is BatchNorm) throw new NotSupportedException(BatchNorm.BatchNormRefusal);
            if (layer.ParameterCount > 0 && layer is not IPerSampleGradientLayer)
                throw new NotSupportedException($"{layer.Kind} has parameters but no per-example gradient rule, so it cannot be trained privately.");
        }
        lastActivation = LastActivation(model);
        parameters = model.TrainableParameters.ToArray();
    }

    internal static string LastActivation(Sequential model) => model.Layers[^1] switch
    {
        Dense d => d.Activation,
        Conv1D c => c.Activation,
        Conv2D c => c.Activation,
        Activation a => a.Name,
        _ => "linear",
    };

    /// <summary>
    /// Sets each parameter's grad to the sum of the clipped per-example gradients; returns the per-example losses (detached).
    /// A <paramref name="mask"/> of 0/1 per row leaves the 0 rows out of the sum (padding; see <see cref="BatchPadding"/>).
    /// </summary>
    public Tensor AccumulateClippedGradients(Tensor inputs, Tensor targets, double l2NormClip, bool training = true, Tensor? mask = null)
    {
        if (inputs.shape[0] == 0)
        {
            ClippedSums = parameters.Select(p => zeros(p.shape, ScalarType.Float64)).ToArray();
            return zeros(0);
        }
        var capture = new GradientCapture();
        Tensor perExample;
        Tensor[] gradients;
        using (var forward = NewDisposeScope())
        {
            var output = model.Forward(inputs, training, capture);
            var losses = loss.PerExample(output, targets, lastActivation);
            var outputs = capture.Records.Select(r => r.Output).ToArray();
            var raw = autograd.grad(new[] { losses.sum() }, outputs, allow_unused: true);
            gradients = raw.Select((g, i) => (g ?? zeros_like(outputs[i])).detach()).ToArray();
            perExample = losses.detach();
            // The per-layer rules read only each layer's input and output gradient: free the rest of
            // the forward pass (activations, pooling indices) before they allocate their own tensors.
            forward.MoveToOuter(capture.Records.Select(r => (IDisposable)r.Input).Concat(gradients).Append(perExample).Where(forward.Contains).Distinct().ToArray());
        }

        // Norms add up in float64: a float32 sum over many layers could come out below the true norm.
        var squaredNorms = zeros(inputs.shape[0], ScalarType.Float64);
        for (int i = 0; i < gradients.Length; i++)
        {
            using var layerScope = NewDisposeScope();
            var norms = capture.Records[i].Layer.PerSampleSquaredNorms(capture.Records[i], gradients[i]);
            squaredNorms = layerScope.MoveToOuter(squaredNorms + norms.to_type(ScalarType.Float64));
            // What a rule kept for the clipped sum (the per-example gradients it took the norm of) survives; its other temporaries do not.
            if (capture.Records[i].KeptForClippedSum is { } kept) layerScope.MoveToOuter(kept.Where(layerScope.Contains).ToArray());
        }
        // An example whose gradient is not finite (NaN or ∞ anywhere, e.g. from weights that overflow on its values)
        // contributes nothing: its factor is 0 and its rows are zeroed before the sum, since 0·NaN is still NaN.
        var finite = squaredNorms.isfinite();
        // min(1, C/‖g_b‖) (Abadi et al. 2016, Alg. 1), in float64 all the way to the sum (a float32 factor can round up
        // to a subnormal), with the norm taken 0.1 % larger so the float64 rounding of the sum stays far inside C.
        // A norm of 0 gives C/0 = ∞, clamped to 1.
        var factors = (l2NormClip / (squaredNorms.nan_to_num(0, 0, 0).sqrt() * (1 + ClipMargin))).clamp_max(1.0);
        factors = where(finite, factors, zeros_like(factors));
        if (mask is not null) factors = factors * mask.to_type(ScalarType.Float64);
        var sums = new List<Tensor>();
        for (int i = 0; i < gradients.Length; i++)
        {
            using var layerScope = NewDisposeScope();
            var record = capture.Records[i];
            record.Input = ZeroRows(record.Input, finite);
            var gradient = ZeroRows(gradients[i], finite);
            if (record.KeptForClippedSum is { } kept) record.KeptForClippedSum = kept.Select(t => ZeroRows(t, finite)).ToArray();
            var layerSums = record.Layer.ClippedSums(record, gradient, factors);
            layerScope.MoveToOuter(layerSums);
            sums.AddRange(layerSums);
        }
        ClippedSums = sums.ToArray();
        return where(finite, perExample, zeros_like(perExample));
    }

    /// <summary>The last batch's clipped sums, one float64 tensor per trainable parameter, in parameter order.</summary>
    internal Tensor[] ClippedSums { get; private set; } = [];

    /// <summary>Relative margin on per-example norms (see <see cref="AccumulateClippedGradients"/>).</summary>
    internal const double ClipMargin = 1e-3;

    /// <summary>The rows (leading dimension) where <paramref name="keep"/> is false set to 0, whatever they held.</summary>
    private static Tensor ZeroRows(Tensor values, Tensor keep)
    {
        var shape = new long[values.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return where(keep.view(shape), values, zeros_like(values));
    }

    /// <summary>
    /// Adds N(0, σ²C²) to each float64 clipped sum through the release primitive's DP-SGD part (in double precision,
    /// rounded to its public grid, then stored in float32) and sets each parameter's gradient to it divided by the
    /// expected batch size.
    /// </summary>
    public void AddNoiseAndNormalise(DpSgdNoise noise, double expectedBatchSize)
    {
        using var noGrad = no_grad();
        if (ClippedSums.Length != parameters.Length) throw new InvalidOperationException("Internal error: the clipped sums do not match the parameters.");
        for (var i = 0; i < parameters.Length; i++)
        {
            using var sum = ClippedSums[i].to_type(ScalarType.Float64).contiguous();
            var noisy = empty(parameters[i].shape, ScalarType.Float32);
            noise.AddNoise(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(sum.bytes),
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(noisy.bytes));
            parameters[i].grad = noisy.div_(expectedBatchSize);
        }
    }
}
