using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>The DP-SGD loop: Poisson batch → clipped sum → noise → normalise by the expected batch size → step.</summary>
internal sealed class DpSgdEngine
{
    private readonly PerSampleClipping clipping;
    private readonly optim.Optimizer optimizer;
    private readonly double l2NormClip;
    private readonly double noiseMultiplier;

    public DpSgdEngine(Sequential model, LossOptions loss, OptimizerOptions optimizer, double l2NormClip, double noiseMultiplier)
    {
        clipping = new PerSampleClipping(model, loss);
        this.optimizer = optimizer.Create(model.TrainableParameters);
        this.l2NormClip = l2NormClip;
        this.noiseMultiplier = noiseMultiplier;
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
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var indices = loader.SampleIndices(sampling);
            optimizer.zero_grad();
            clipping.AccumulateClippedGradients(features.index_select(0, indices), labels.index_select(0, indices), l2NormClip);
            clipping.AddNoiseAndNormalise(l2NormClip, noiseMultiplier, loader.BatchSize, noise);
            optimizer.step();
        }
    }
}
