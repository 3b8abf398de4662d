using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>Ordinary mini-batch training (mean loss, one backward) — the baseline the benchmark compares DP-SGD with. Not for private data.</summary>
internal sealed class NonPrivateTrainer
{
    private readonly Sequential model;
    private readonly LossOptions loss;
    private readonly optim.Optimizer optimizer;
    private readonly string lastActivation;

    public NonPrivateTrainer(Sequential model, LossOptions loss, OptimizerOptions optimizer)
    {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer.Create(model.TrainableParameters);
        lastActivation = PerSampleClipping.LastActivation(model);
    }

    public void Step(Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        loss.PerExample(model.Forward(inputs, training: true, capture: null), targets, lastActivation).mean().backward();
        optimizer.step();
    }
}
