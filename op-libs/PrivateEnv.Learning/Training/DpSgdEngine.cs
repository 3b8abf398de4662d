using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// The DP-SGD loop: Poisson batch → clipped sum → noise → normalise by the expected batch size → step.
/// The learning-rate schedule and the weight average only post-process the noisy gradients.
/// </summary>
internal sealed class DpSgdEngine
{
    private readonly PerSampleClipping clipping;
    private readonly optim.Optimizer optimizer;
    private readonly OptimizerOptions options;
    private readonly double l2NormClip;
    private readonly double noiseMultiplier;
    private readonly long totalSteps;
    private readonly WeightAverage? average;
    private long step;

    public DpSgdEngine(Sequential model, LossOptions loss, OptimizerOptions optimizer, double l2NormClip, double noiseMultiplier, long totalSteps)
    {
        clipping = new PerSampleClipping(model, loss);
        options = optimizer;
        this.optimizer = optimizer.Create(model.TrainableParameters);
        this.l2NormClip = l2NormClip;
        this.noiseMultiplier = noiseMultiplier;
        this.totalSteps = totalSteps;
        average = optimizer.EmaMomentum is { } momentum ? new WeightAverage(model, momentum) : null;
        UsesClassTargets = loss.UsesClassTargets;
    }

    private bool UsesClassTargets { get; }

    public void RunEpoch(PrivateDataLoader loader, int steps)
    {
        // Fresh secure seeds each epoch for sampling and for noise; cells cannot seed or read them.
        using var sampling = PrivateDataLoader.SecureGenerator();
        using var noise = PrivateDataLoader.SecureGenerator();
        var features = loader.Features.Data;
        var labels = UsesClassTargets ? loader.Labels.Data.to_type(ScalarType.Int64) : loader.Labels.Data;
        for (int i = 0; i < steps; i++, step++)
        {
            using var scope = NewDisposeScope();
            var (indices, mask) = BatchPadding.Pad(loader.SampleIndices(sampling));
            optimizer.zero_grad();
            clipping.AccumulateClippedGradients(features.index_select(0, indices), labels.index_select(0, indices), l2NormClip, mask: mask);
            clipping.AddNoiseAndNormalise(l2NormClip, noiseMultiplier, loader.BatchSize, noise);
            SetLearningRate(options.LearningRate * options.Schedule.Factor(step, totalSteps));
            optimizer.step();
            average?.Update();
            if (i % FinalizerInterval == FinalizerInterval - 1) NativeHeap.ReleaseFinalizable();
        }
        NativeHeap.Trim();
    }

    /// <summary>Steps between young-generation collections (see <see cref="NativeHeap.ReleaseFinalizable"/>).</summary>
    private const int FinalizerInterval = 16;

    /// <summary>Puts the weight average (if any) into the model; call once when training ends.</summary>
    public void Finish()
    {
        average?.CopyIntoModel();
        average?.Dispose();
    }

    private void SetLearningRate(double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
