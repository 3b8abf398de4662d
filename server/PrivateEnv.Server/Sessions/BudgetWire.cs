using PrivateEnv.Protocol.V1;
using PrivateEnv.Server.Ledger;

namespace PrivateEnv.Server.Sessions;

/// <summary>The ledger's budget state as the contract's <see cref="Budget"/> message.</summary>
public static class BudgetWire
{
    public static Budget From(BudgetState state) => new()
    {
        EpsilonTotal = state.EpsilonTotal,
        DeltaTotal = state.DeltaTotal,
        EpsilonSpent = state.EpsilonSpent,
        DeltaSpent = state.DeltaSpent,
        Composition = state.Composition,
    };
}
