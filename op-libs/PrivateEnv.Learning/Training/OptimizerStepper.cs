using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// What follows the gradients in every training loop, private or not: the learning rate from the
/// schedule, the optimizer step, the weight average, and a young-generation GC every few steps
/// (<see cref="NativeHeap.ReleaseFinalizable"/>). For DP-SGD all of it post-processes noisy gradients.
/// </summary>
internal sealed class OptimizerStepper
{
    /// <summary>Steps between young-generation collections.</summary>
    private const int FinalizerInterval = 16;

    private readonly optim.Optimizer optimizer;
    private readonly OptimizerOptions options;
    private readonly long totalSteps;
    private readonly WeightAverage? average;
    private long step;

    public OptimizerStepper(Sequential model, OptimizerOptions options, long totalSteps)
    {
        this.options = options;
        this.totalSteps = totalSteps;
        optimizer = options.Create(model.TrainableParameters);
        average = options.EmaMomentum is { } momentum ? new WeightAverage(model, momentum) : null;
    }

    public void ZeroGrad() => optimizer.zero_grad();

    /// <summary>Applies the parameters' gradients: one optimizer step at the scheduled learning rate.</summary>
    public void Step()
    {
        var rate = options.LearningRate * options.Schedule.Factor(step, totalSteps);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
        optimizer.step();
        average?.Update();
        if (++step % FinalizerInterval == 0) NativeHeap.ReleaseFinalizable();
    }

    /// <summary>Puts the weight average (if any) into the model; call once when training ends.</summary>
    public void Finish()
    {
        average?.CopyIntoModel();
        average?.Dispose();
    }
}
