using System.Globalization;

namespace PrivateEnv.Privacy;

/// <summary>Which budget stopped a charge.</summary>
public enum BudgetScope
{
    /// <summary>The session's (ε, δ) budget.</summary>
    Session = 1,

    /// <summary>The analyst's lifetime budget on one dataset, across all their sessions.</summary>
    Lifetime = 2,
}

/// <summary>
/// A refused charge as the ledger decided it: which budget stopped it, and the ε and δ needed, left and total. Every
/// figure is a function of the budget caps and earlier charges, which are public, so a refusal reveals nothing private.
/// </summary>
public sealed record BudgetRefusal(
    BudgetScope Scope, string? Dataset,
    double EpsilonNeeded, double EpsilonLeft, double EpsilonTotal,
    double DeltaNeeded, double DeltaLeft, double DeltaTotal)
{
    /// <summary>Float slack when comparing a need to what is left (sums like 0.1 × 30 are inexact).</summary>
    public const double EpsilonSlack = 1e-9;
    public const double DeltaSlack = 1e-15;

    /// <summary>True when ε fits and only δ is short (the message then leads with δ).</summary>
    public bool DeltaBound => EpsilonNeeded <= EpsilonLeft + EpsilonSlack && DeltaNeeded > DeltaLeft + DeltaSlack;

    /// <summary>The words shown to the analyst, e.g. "Budget exceeded: this call needs ε=0.5, the session has ε=0.2 left of 3. …".</summary>
    public string Message
    {
        get
        {
            var who = Scope == BudgetScope.Lifetime ? $"your lifetime budget on '{Dataset}'" : "the session";
            var text = DeltaBound
                ? $"Budget exceeded: this call needs δ={G(DeltaNeeded, 3)}, {who} has δ={G(Math.Max(0, DeltaLeft), 3)} left of {G(DeltaTotal, 3)} (ε needed {G(EpsilonNeeded, 4)}, left {G(Math.Max(0, EpsilonLeft), 4)})"
                : $"Budget exceeded: this call needs ε={G(EpsilonNeeded, 4)}, {who} has ε={G(Math.Max(0, EpsilonLeft), 4)} left of {G(EpsilonTotal, 4)}"
                  + (DeltaNeeded > 0 ? $" (δ needed {G(DeltaNeeded, 3)}, left {G(Math.Max(0, DeltaLeft), 3)})" : "");
            return text + ". Nothing was released or spent; ask with a smaller eps or open a session with more budget.";
        }
    }

    /// <summary>Whether a charge of (ε, δ) fits in what is left.</summary>
    public static bool Fits(double epsilonNeeded, double epsilonLeft, double deltaNeeded, double deltaLeft) =>
        epsilonNeeded <= epsilonLeft + EpsilonSlack && deltaNeeded <= deltaLeft + DeltaSlack;

    private static string G(double value, int digits) => value.ToString("G" + digits, CultureInfo.InvariantCulture);
}
