using PrivateEnv.Learning.Layers;
using TorchSharp.Modules;
using BatchNorm = PrivateEnv.Learning.Layers.BatchNorm;
using Activation = PrivateEnv.Learning.Layers.Activation;
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
        Dense d => d.Activation, Conv1D c => c.Activation, Conv2D c => c.Activation, Activation a => a.Name, _ => "linear",
    };

    /// <summary>
    /// Sets each parameter's grad to the sum of the clipped per-example gradients; returns the per-example losses (detached).
    /// A <paramref name="mask"/> of 0/1 per row leaves the 0 rows out of the sum (padding; see <see cref="BatchPadding"/>).
    /// </summary>
    public Tensor AccumulateClippedGradients(Tensor inputs, Tensor targets, double l2NormClip, bool training = true, Tensor? mask = null)
    {
        if (inputs.shape[0] == 0)
        {
            foreach (var p in parameters) p.grad = zeros_like(p);
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

        var squaredNorms = zeros(inputs.shape[0]);
        for (int i = 0; i < gradients.Length; i++)
        {
            using var layerScope = NewDisposeScope();
            var norms = capture.Records[i].Layer.PerSampleSquaredNorms(capture.Records[i], gradients[i]);
            squaredNorms = layerScope.MoveToOuter(squaredNorms + norms);
            // What a rule kept for the clipped sum (per-example gradients, or patches for a ghost norm) survives; its other temporaries do not.
            if (capture.Records[i].KeptForClippedSum is { } kept) layerScope.MoveToOuter(kept.Where(layerScope.Contains).ToArray());
        }
        // min(1, C/‖g_b‖): the per-example scale of Abadi et al. (2016), Alg. 1.
        var factors = (l2NormClip / (squaredNorms.sqrt() + 1e-6)).clamp_max(1.0);
        if (mask is not null) factors = factors * mask;
        for (int i = 0; i < gradients.Length; i++)
        {
            using var layerScope = NewDisposeScope();
            capture.Records[i].Layer.AccumulateClippedSum(capture.Records[i], gradients[i], factors);
        }
        return perExample;
    }

    /// <summary>Adds N(0, σ²C²) to each summed gradient (CSPRNG noise) and divides by the expected batch size.</summary>
    public void AddNoiseAndNormalise(double l2NormClip, double noiseMultiplier, double expectedBatchSize)
    {
        using var noGrad = no_grad();
        foreach (var p in parameters)
        {
            var summed = p.grad ?? zeros_like(p);
            var noisy = summed + SecureTrainingRandomness.Gaussian(p.shape, noiseMultiplier * l2NormClip);
            p.grad = noisy / expectedBatchSize;
        }
    }
}
