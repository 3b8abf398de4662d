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

/// <summary>The filter's answer; when refused, <see cref="Refusal"/> says what was needed and what is left of the session's budget.</summary>
public sealed record FilterDecision(bool Admitted, double NeededEpsilon, double RemainingEpsilon, double TotalEpsilon, double NeededDelta, double RemainingDelta, double TotalDelta)
{
    public static FilterDecision Admit(double neededEpsilon, double remainingEpsilon, double totalEpsilon, double neededDelta, double remainingDelta, double totalDelta) =>
        new(true, neededEpsilon, remainingEpsilon, totalEpsilon, neededDelta, remainingDelta, totalDelta);

    public static FilterDecision Refuse(double neededEpsilon, double remainingEpsilon, double totalEpsilon, double neededDelta, double remainingDelta, double totalDelta) =>
        new(false, neededEpsilon, remainingEpsilon, totalEpsilon, neededDelta, remainingDelta, totalDelta);

    /// <summary>The session-scope refusal, or null when admitted.</summary>
    public BudgetRefusal? Refusal => Admitted ? null
        : new BudgetRefusal(BudgetScope.Session, null, NeededEpsilon, RemainingEpsilon, TotalEpsilon, NeededDelta, RemainingDelta, TotalDelta);

    public void ThrowIfRefused()
    {
        if (Refusal is { } refusal) throw new BudgetExceededException(refusal);
    }
}

/// <summary>What a session has spent and has left under its filter.</summary>
public sealed record BudgetStatus(double SpentEpsilon, double SpentDelta, double EpsilonCap, double DeltaCap, string Rule)
{
    public double RemainingEpsilon => Math.Max(0, EpsilonCap - SpentEpsilon);
    public double RemainingDelta => Math.Max(0, DeltaCap - SpentDelta);
}
