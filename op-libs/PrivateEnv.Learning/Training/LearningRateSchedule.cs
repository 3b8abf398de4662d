namespace PrivateEnv.Learning;

/// <summary>
/// How the learning rate moves over a run: a factor of the optimizer's rate at each step. Pure
/// post-processing of the noisy gradients, so it costs no privacy.
/// </summary>
public abstract record LearningRateSchedule
{
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>Linear warm-up over the first <paramref name="warmupFraction"/> of the steps, then a cosine down to <paramref name="finalFraction"/> of the rate (Loshchilov &amp; Hutter 2017).</summary>
    public static LearningRateSchedule Cosine(double warmupFraction = 0, double finalFraction = 0) => new CosineSchedule(warmupFraction, finalFraction);

    /// <summary>The factor at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public abstract double Factor(long step, long totalSteps);

    internal abstract void Validate();
}

public sealed record ConstantSchedule : LearningRateSchedule
{
    public override double Factor(long step, long totalSteps) => 1;
    internal override void Validate() { }
    public override string ToString() => "constant";
}

public sealed record CosineSchedule(double WarmupFraction, double FinalFraction) : LearningRateSchedule
{
    public override double Factor(long step, long totalSteps)
    {
        if (totalSteps <= 1) return 1;
        var warmup = (long)Math.Round(WarmupFraction * totalSteps);
        if (step < warmup) return (step + 1.0) / warmup;
        var progress = Math.Clamp((double)(step - warmup) / Math.Max(1, totalSteps - 1 - warmup), 0, 1);
        return FinalFraction + (1 - FinalFraction) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    internal override void Validate()
    {
        if (!(WarmupFraction >= 0 && WarmupFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(WarmupFraction), $"warmupFraction must be in [0, 1), got {WarmupFraction}.");
        if (!(FinalFraction >= 0 && FinalFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(FinalFraction), $"finalFraction must be in [0, 1], got {FinalFraction}.");
    }

    public override string ToString() => $"cosine(warmup {WarmupFraction:G3}, final {FinalFraction:G3})";
}
