namespace PrivateEnv.Privacy;

/// <summary>A charge was refused: nothing was released and nothing was spent.</summary>
public sealed class BudgetExceededException : Exception
{
    public BudgetExceededException(double neededEpsilon, double remainingEpsilon, double totalEpsilon,
        double neededDelta = 0, double remainingDelta = 0, string? scope = null)
        : base(FormatMessage(neededEpsilon, remainingEpsilon, totalEpsilon, neededDelta, remainingDelta, scope))
    {
        NeededEpsilon = neededEpsilon;
        RemainingEpsilon = remainingEpsilon;
        TotalEpsilon = totalEpsilon;
        NeededDelta = neededDelta;
        RemainingDelta = remainingDelta;
    }

    public BudgetExceededException(string message) : base(message) { }

    /// <summary>A refusal worded by the ledger (which budget stopped the call: the session's, or a lifetime one; ε or δ), with its figures.</summary>
    public BudgetExceededException(string message, double neededEpsilon, double remainingEpsilon, double totalEpsilon) : base(message)
    {
        NeededEpsilon = neededEpsilon;
        RemainingEpsilon = remainingEpsilon;
        TotalEpsilon = totalEpsilon;
    }

    public double NeededEpsilon { get; }
    public double RemainingEpsilon { get; }
    public double TotalEpsilon { get; }
    public double NeededDelta { get; }
    public double RemainingDelta { get; }

    private static string FormatMessage(double needEps, double leftEps, double totalEps, double needDelta, double leftDelta, string? scope)
    {
        var who = scope ?? "the session";
        var text = $"Budget exceeded: this call needs ε={needEps:G4}, {who} has ε={Math.Max(0, leftEps):G4} left of {totalEps:G4}";
        if (needDelta > 0) text += $" (δ needed {needDelta:G3}, left {Math.Max(0, leftDelta):G3})";
        return text + ". Nothing was released or spent; ask with a smaller eps or open a session with more budget.";
    }
}
