namespace PrivateEnv.Privacy.Filters;

/// <summary>
/// A privacy filter: decides whether one more charge may run given the session's admitted charges,
/// such that the whole adaptively chosen sequence stays within the filter's (ε, δ) cap. The server's
/// ledger calls it inside its transaction; refused charges release nothing and cost nothing.
/// </summary>
public interface IPrivacyFilter
{
    /// <summary>The (ε, δ) every admitted sequence is guaranteed to satisfy.</summary>
    double EpsilonCap { get; }
    double DeltaCap { get; }

    FilterDecision TryAdmit(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge next);

    BudgetStatus Status(IReadOnlyList<PrivacyCharge> admitted);
}

/// <summary>
/// The filter's answer. When refused, <see cref="Message"/> says what was needed and what is left
/// (the same text as <see cref="BudgetExceededException"/>).
/// </summary>
public sealed record FilterDecision(bool Admitted, double NeededEpsilon, double RemainingEpsilon, double TotalEpsilon, double NeededDelta, double RemainingDelta, string? Message)
{
    public static FilterDecision Admit(double neededEpsilon, double remainingEpsilon, double totalEpsilon, double neededDelta, double remainingDelta) =>
        new(true, neededEpsilon, remainingEpsilon, totalEpsilon, neededDelta, remainingDelta, null);

    public static FilterDecision Refuse(double neededEpsilon, double remainingEpsilon, double totalEpsilon, double neededDelta, double remainingDelta) =>
        new(false, neededEpsilon, remainingEpsilon, totalEpsilon, neededDelta, remainingDelta,
            new BudgetExceededException(neededEpsilon, remainingEpsilon, totalEpsilon, neededDelta, remainingDelta).Message);

    /// <summary>The exception a charger throws for this refusal.</summary>
    public BudgetExceededException ToException() =>
        new(NeededEpsilon, RemainingEpsilon, TotalEpsilon, NeededDelta, RemainingDelta);

    public void ThrowIfRefused()
    {
        if (!Admitted) throw ToException();
    }
}

/// <summary>What a session has spent and has left under its filter.</summary>
public sealed record BudgetStatus(double SpentEpsilon, double SpentDelta, double EpsilonCap, double DeltaCap, string Rule)
{
    public double RemainingEpsilon => Math.Max(0, EpsilonCap - SpentEpsilon);
    public double RemainingDelta => Math.Max(0, DeltaCap - SpentDelta);
}
