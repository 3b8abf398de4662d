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

    /// <summary>The learning rate over the run (constant unless set, e.g. <c>LearningRateSchedule.Cosine()</c>).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>
    /// Keras' <c>use_ema</c>: keep an exponential moving average of the weights with this momentum
    /// (e.g. 0.999) and put it into the model when training ends. Post-processing: costs no privacy.
    /// </summary>
    public double? EmaMomentum { get; init; }

    internal abstract optim.Optimizer Create(IEnumerable<Parameter> parameters);

    internal void Validate()
    {
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(LearningRate), $"The learning rate must be a finite number > 0, got {LearningRate}.");
        if (Schedule is null) throw new ArgumentNullException(nameof(Schedule), "Schedule must not be null (use LearningRateSchedule.Constant).");
        Schedule.Validate();
        if (EmaMomentum is { } m && !(m > 0 && m < 1))
            throw new ArgumentOutOfRangeException(nameof(EmaMomentum), $"EmaMomentum must be in (0, 1), e.g. 0.999; got {m}.");
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
