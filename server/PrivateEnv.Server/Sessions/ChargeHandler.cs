using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Sandbox.Protocol;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Observability;

namespace PrivateEnv.Server.Sessions;

/// <summary>
/// Answers one session's charge requests from its worker: the event is parsed and costed here (the worker runs hostile
/// code, so its figure is not trusted), then the ledger admits or refuses it. Every request gets an answer.
/// </summary>
public sealed class ChargeHandler(string sessionId, ILedger ledger, ServerMetrics metrics, ILogger logger)
{
    /// <summary>
    /// Costing an event is bounded (see <see cref="PrivacyCost"/>: up to about 2 s and a few hundred MB for a crafted
    /// one), and this gate keeps sessions from doing it all at once: at most one per two processors.
    /// </summary>
    private static readonly SemaphoreSlim CostingGate = new(Math.Max(1, Environment.ProcessorCount / 2));

    private string LogTag => SessionIds.Tag(sessionId);

    public async Task<ChargeReply> ChargeAsync(ChargeRequest request)
    {
        PrivacyCharge? charge;
        string? refusal;
        await CostingGate.WaitAsync();
        try { (charge, refusal) = IncomingCharge.Verify(request.EventJson, request.Epsilon, request.Delta, request.Description); }
        finally { CostingGate.Release(); }
        if (charge is null) return new ChargeReply { Granted = false, Error = refusal };
        if (charge.Epsilon > request.Epsilon * (1 + 1e-9) + 1e-12)
            logger.LogWarning("session {Session}: a worker claimed ε={Claimed} for an event that costs ε={Epsilon}; recording the latter", LogTag, request.Epsilon, charge.Epsilon);
        try
        {
            var outcome = await ledger.TryChargeAsync(sessionId, request.CellId, charge);
            logger.LogInformation("charge session={Session} eps={Epsilon} delta={Delta} granted={Granted}", LogTag, charge.Epsilon, request.Delta, outcome.Granted);
            (outcome.Granted ? metrics.Charges : metrics.Refusals).Add(1, new KeyValuePair<string, object?>("kind", "budget"));
            return new ChargeReply { Granted = outcome.Granted, Refusal = outcome.Refusal?.ToWire() };
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning("charge refused for session {Session}: {Reason}", LogTag, e.Message);
            return new ChargeReply { Granted = false, Error = "The ledger could not record this charge, so nothing was released: " + e.Message };
        }
    }
}
