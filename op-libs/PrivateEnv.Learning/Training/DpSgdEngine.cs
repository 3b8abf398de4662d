using PrivateEnv.Privacy.Releases;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// The DP-SGD loop: Poisson sample of the row slots → clipped sum over the sampled rows inside the mask → noise
/// (<see cref="DpSgdNoise"/>, the release primitive's DP-SGD part) → normalise by the expected batch size → step.
/// Sampled slots outside the mask run through the model like the others and contribute zero, so the work of a step
/// depends on the (data-independent) number of sampled slots only. The learning-rate schedule and the weight
/// average only post-process the noisy gradients.
/// </summary>
internal sealed class DpSgdEngine
{
    private readonly PerSampleClipping clipping;
    private readonly OptimizerStepper stepper;
    private readonly double l2NormClip;
    private readonly DpSgdNoise noise;

    public DpSgdEngine(Sequential model, LossOptions loss, OptimizerOptions optimizer, double l2NormClip, DpSgdNoise noise, long totalSteps)
    {
        clipping = new PerSampleClipping(model, loss);
        stepper = new OptimizerStepper(model, optimizer, totalSteps);
        this.l2NormClip = l2NormClip;
        this.noise = noise;
        UsesClassTargets = loss.UsesClassTargets;
    }

    private bool UsesClassTargets { get; }

    public void RunEpoch(PrivateDataLoader loader, int steps)
    {
        using var flushed = Denormals.Flushed();
        var features = loader.Features.Data;
        var labels = UsesClassTargets ? loader.Labels.Data.to_type(ScalarType.Int64) : loader.Labels.Data;
        using var rowMask = tensor(loader.Mask.Inside.Select(b => (float)b).ToArray());
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var (indices, padding) = BatchPadding.Pad(tensor(noise.SampleStep(loader.Slots)));
            var mask = rowMask.index_select(0, indices);
            if (padding is not null) mask = mask * padding;
            stepper.ZeroGrad();
            clipping.AccumulateClippedGradients(features.index_select(0, indices), labels.index_select(0, indices), l2NormClip, mask: mask);
            clipping.AddNoiseAndNormalise(noise, loader.BatchSize);
            stepper.Step();
        }
        NativeHeap.Trim();
    }

    /// <summary>Puts the weight average (if any) into the model; call once when training ends.</summary>
    public void Finish() => stepper.Finish();
}
