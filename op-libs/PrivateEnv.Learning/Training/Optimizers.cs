using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>An optimizer, by name ("sgd", "adam", "adamw", "rmsprop", "adagrad") or as an options record.</summary>
public abstract record OptimizerOptions(double LearningRate)
{
    public static readonly string[] Names = { "sgd", "adam", "adamw", "rmsprop", "adagrad" };

    public static OptimizerOptions FromName(string name, double? learningRate = null) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "sgd" => new Sgd(learningRate ?? 0.01),
        "adam" => new Adam(learningRate ?? 0.001),
        "adamw" => new AdamW(learningRate ?? 0.001),
        "rmsprop" => new RmsProp(learningRate ?? 0.001),
        "adagrad" => new Adagrad(learningRate ?? 0.01),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name)),
    };

    internal abstract optim.Optimizer Create(IEnumerable<Parameter> parameters);

    internal void Validate()
    {
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(LearningRate), $"The learning rate must be a finite number > 0, got {LearningRate}.");
    }
}

public sealed record Sgd(double LearningRate = 0.01, double Momentum = 0, bool Nesterov = false, double WeightDecay = 0) : OptimizerOptions(LearningRate)
{
    internal override optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        optim.SGD(parameters, LearningRate, Momentum, weight_decay: WeightDecay, nesterov: Nesterov);
}

public sealed record Adam(double LearningRate = 0.001, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-7, double WeightDecay = 0) : OptimizerOptions(LearningRate)
{
    internal override optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        optim.Adam(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
}

public sealed record AdamW(double LearningRate = 0.001, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-7, double WeightDecay = 0.01) : OptimizerOptions(LearningRate)
{
    internal override optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        optim.AdamW(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
}

public sealed record RmsProp(double LearningRate = 0.001, double Rho = 0.9, double Momentum = 0, double Epsilon = 1e-7) : OptimizerOptions(LearningRate)
{
    internal override optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        optim.RMSProp(parameters, LearningRate, Rho, Epsilon, momentum: Momentum);
}

public sealed record Adagrad(double LearningRate = 0.01, double InitialAccumulator = 0.1, double Epsilon = 1e-7) : OptimizerOptions(LearningRate)
{
    internal override optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        optim.Adagrad(parameters, LearningRate, initial_accumulator_value: InitialAccumulator, eps: Epsilon);
}
