using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// The DP-SGD loop: Poisson batch → clipped sum → noise → normalise by the expected batch size → step.
/// The learning-rate schedule and the weight average only post-process the noisy gradients.
/// </summary>
internal sealed class DpSgdEngine
{
    private readonly PerSampleClipping clipping;
    private readonly OptimizerStepper stepper;
    private readonly double l2NormClip;
    private readonly double noiseMultiplier;

    public DpSgdEngine(Sequential model, LossOptions loss, OptimizerOptions optimizer, double l2NormClip, double noiseMultiplier, long totalSteps)
    {
        clipping = new PerSampleClipping(model, loss);
        stepper = new OptimizerStepper(model, optimizer, totalSteps);
        this.l2NormClip = l2NormClip;
        this.noiseMultiplier = noiseMultiplier;
        UsesClassTargets = loss.UsesClassTargets;
    }

    private bool UsesClassTargets { get; }

    public void RunEpoch(PrivateDataLoader loader, int steps)
    {
        // Sampling and noise come from the OS CSPRNG (SecureTrainingRandomness); cells cannot seed or read them.
        var features = loader.Features.Data;
        var labels = UsesClassTargets ? loader.Labels.Data.to_type(ScalarType.Int64) : loader.Labels.Data;
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var (indices, mask) = BatchPadding.Pad(loader.SampleIndices());
            stepper.ZeroGrad();
            clipping.AccumulateClippedGradients(features.index_select(0, indices), labels.index_select(0, indices), l2NormClip, mask: mask);
            clipping.AddNoiseAndNormalise(l2NormClip, noiseMultiplier, loader.BatchSize);
            stepper.Step();
        }
        NativeHeap.Trim();
    }

    /// <summary>Puts the weight average (if any) into the model; call once when training ends.</summary>
    public void Finish() => stepper.Finish();
}
