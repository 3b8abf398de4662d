using PrivateEnv.Privacy;

namespace PrivateEnv.Server.Ledger;

/// <summary>
/// A session as the ledger keeps it: its caps, and the analyst × dataset lifetime caps its
/// charges also count against (closing a session and opening another resets nothing).
/// </summary>
public sealed record SessionRecord(string Id, string Analyst, IReadOnlyList<string> Datasets,
    double EpsilonTotal, double DeltaTotal, double LifetimeEpsilon, double LifetimeDelta, string Composition = "basic");

public sealed record BudgetState(double EpsilonTotal, double DeltaTotal, double EpsilonSpent, double DeltaSpent, string Composition);

public sealed record LifetimeState(string Dataset, double EpsilonTotal, double EpsilonSpent, double DeltaTotal, double DeltaSpent);

public sealed record ChargeRecord(string CellId, string Description, double Epsilon, double Delta, string EventJson, long UnixMillis);

/// <summary>The ledger's answer to a charge: recorded, or refused with the budget that stopped it.</summary>
public sealed record ChargeOutcome(BudgetRefusal? Refusal)
{
    public static readonly ChargeOutcome Recorded = new((BudgetRefusal?)null);

    public bool Granted => Refusal is null;
}

/// <summary>
/// The durable record of every privacy charge. A charge is admitted atomically (check and
/// record in one transaction, serialised per analyst) and is durable before the call returns,
/// so no result is released whose cost was not recorded and no interleaving exceeds a cap.
/// </summary>
public interface ILedger : IDisposable
{
    Task CreateSessionAsync(SessionRecord session);
    Task<ChargeOutcome> TryChargeAsync(string sessionId, string cellId, PrivacyCharge charge);
    Task<BudgetState> GetBudgetAsync(string sessionId);
    Task<IReadOnlyList<LifetimeState>> GetLifetimeAsync(string sessionId);
    /// <summary>The session's charges oldest first, skipping the first <paramref name="skip"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ChargeRecord>> GetChargesAsync(string sessionId, long skip = 0, int limit = int.MaxValue);
    Task CloseSessionAsync(string sessionId);
}
