namespace PrivateEnv.Privacy;

/// <summary>A charge was refused: nothing was released or spent. <see cref="Refusal"/> says which budget stopped it.</summary>
public sealed class BudgetExceededException : Exception
{
    public BudgetExceededException(BudgetRefusal refusal) : base(refusal.Message) => Refusal = refusal;

    /// <summary>A refusal that is not a budget comparison (e.g. the ledger could not record the charge).</summary>
    public BudgetExceededException(string message) : base(message) { }

    /// <summary>The ledger's decision with its figures; null when the refusal was not a budget comparison.</summary>
    public BudgetRefusal? Refusal { get; }

    public double NeededEpsilon => Refusal?.EpsilonNeeded ?? 0;
    public double RemainingEpsilon => Refusal?.EpsilonLeft ?? 0;
    public double TotalEpsilon => Refusal?.EpsilonTotal ?? 0;
    public double NeededDelta => Refusal?.DeltaNeeded ?? 0;
    public double RemainingDelta => Refusal?.DeltaLeft ?? 0;
}
