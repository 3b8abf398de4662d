using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>Exponential moving average of a model's weights (Polyak–Ruppert style, as Keras' use_ema).</summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor[] averages;
    private readonly double momentum;

    public WeightAverage(Sequential model, double momentum)
    {
        parameters = model.TrainableParameters.ToArray();
        using var noGrad = no_grad();
        averages = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        this.momentum = momentum;
    }

    public void Update()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < parameters.Length; i++)
            averages[i].mul_(momentum).add_(parameters[i], alpha: 1 - momentum);
    }

    public void CopyIntoModel()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < parameters.Length; i++) parameters[i].copy_(averages[i]);
    }

    public void Dispose()
    {
        foreach (var average in averages) average.Dispose();
    }
}
