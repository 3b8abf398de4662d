using PrivateEnv.Privacy;
using Wire = PrivateEnv.Protocol.V1;

namespace PrivateEnv.Sandbox.Protocol;

/// <summary>The ledger's refusal between its domain form (<see cref="BudgetRefusal"/>) and the contract's message.</summary>
public static class BudgetRefusals
{
    public static Wire.BudgetRefusal ToWire(this BudgetRefusal refusal) => new()
    {
        Scope = refusal.Scope == BudgetScope.Lifetime ? Wire.BudgetScope.Lifetime : Wire.BudgetScope.Session,
        Dataset = refusal.Dataset ?? "",
        EpsilonNeeded = refusal.EpsilonNeeded,
        EpsilonLeft = refusal.EpsilonLeft,
        EpsilonTotal = refusal.EpsilonTotal,
        DeltaNeeded = refusal.DeltaNeeded,
        DeltaLeft = refusal.DeltaLeft,
        DeltaTotal = refusal.DeltaTotal,
    };

    public static BudgetRefusal FromWire(this Wire.BudgetRefusal refusal) => new(
        refusal.Scope == Wire.BudgetScope.Lifetime ? BudgetScope.Lifetime : BudgetScope.Session,
        refusal.Scope == Wire.BudgetScope.Lifetime ? refusal.Dataset : null,
        refusal.EpsilonNeeded, refusal.EpsilonLeft, refusal.EpsilonTotal,
        refusal.DeltaNeeded, refusal.DeltaLeft, refusal.DeltaTotal);
}
