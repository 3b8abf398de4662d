using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// Ordinary mini-batch training (mean loss, one backward): <see cref="Sequential.Fit(double[][], double[], int, int)"/>
/// on public data and the benchmark's baseline. Never for private data.
/// </summary>
internal sealed class NonPrivateTrainer
{
    private readonly Sequential model;
    private readonly LossOptions loss;
    private readonly OptimizerOptions options;
    private readonly optim.Optimizer optimizer;
    private readonly string lastActivation;
    private readonly long totalSteps;
    private readonly WeightAverage? average;
    private long step;

    public NonPrivateTrainer(Sequential model, LossOptions loss, OptimizerOptions optimizer, long totalSteps = 0)
    {
        this.model = model;
        this.loss = loss;
        options = optimizer;
        this.optimizer = optimizer.Create(model.TrainableParameters);
        lastActivation = PerSampleClipping.LastActivation(model);
        this.totalSteps = totalSteps;
        average = optimizer.EmaMomentum is { } momentum ? new WeightAverage(model, momentum) : null;
    }

    /// <summary>One step on a batch; returns the batch's summed loss.</summary>
    public double Step(Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var perExample = loss.PerExample(model.Forward(inputs, training: true, capture: null), targets, lastActivation);
        perExample.mean().backward();
        var rate = options.LearningRate * options.Schedule.Factor(step++, Math.Max(totalSteps, step));
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
        optimizer.step();
        average?.Update();
        if (step % 16 == 0) NativeHeap.ReleaseFinalizable();
        return perExample.detach().sum().item<float>();
    }

    /// <summary>Puts the weight average (if any) into the model.</summary>
    public void Finish()
    {
        average?.CopyIntoModel();
        average?.Dispose();
    }
}
