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
    private readonly OptimizerStepper stepper;
    private readonly string lastActivation;

    public NonPrivateTrainer(Sequential model, LossOptions loss, OptimizerOptions optimizer, long totalSteps)
    {
        this.model = model;
        this.loss = loss;
        stepper = new OptimizerStepper(model, optimizer, totalSteps);
        lastActivation = PerSampleClipping.LastActivation(model);
    }

    /// <summary>One step on a batch; returns the batch's summed loss.</summary>
    public double Step(Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        stepper.ZeroGrad();
        var perExample = loss.PerExample(model.Forward(inputs, training: true, capture: null), targets, lastActivation);
        perExample.mean().backward();
        stepper.Step();
        return perExample.detach().sum().item<float>();
    }

    /// <summary>Puts the weight average (if any) into the model.</summary>
    public void Finish() => stepper.Finish();
}
