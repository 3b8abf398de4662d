namespace PrivateEnv.Privacy.Filters;

/// <summary>
/// A privacy filter: decides whether one more charge may run given what the session's admitted charges add up to,
/// such that the whole adaptively chosen sequence stays within the filter's (ε, δ) cap. The admitted charges are
/// summarised in a <see cref="FilterState"/> of constant size, so the server's ledger (which calls the filter inside
/// its transaction and stores the state with the session) does the same work for every charge of a long session.
/// Refused charges release nothing and cost nothing.
/// </summary>
public interface IPrivacyFilter
{
    /// <summary>The (ε, δ) every admitted sequence is guaranteed to satisfy.</summary>
    double EpsilonCap { get; }
    double DeltaCap { get; }

    /// <summary>The state of a session that has admitted nothing yet.</summary>
    FilterState Empty { get; }

    /// <summary>Decides <paramref name="next"/> after the charges <paramref name="state"/> summarises; the step's state includes it when admitted.</summary>
    FilterStep TryAdmit(FilterState state, PrivacyCharge next);

    /// <summary>
    /// Adds a charge that was admitted earlier, without deciding again (to rebuild a state from a ledger's record).
    /// Gives the same state as the admitting <see cref="TryAdmit"/> did.
    /// </summary>
    FilterState Include(FilterState state, PrivacyCharge admitted);

    BudgetStatus Status(FilterState state);

    /// <summary>Reads a state this kind of filter wrote with <see cref="FilterState.ToJson"/>; throws <see cref="FormatException"/> for anything else.</summary>
    FilterState ReadState(string json);
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
