using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Server.Sessions;

/// <summary>
/// A charge as a worker sends it, checked before the ledger sees it. The worker runs hostile cells, so nothing it
/// claims is trusted: the event is parsed, validated node by node and costed by the server, and the ledger records
/// the larger of that cost and the claim. A refusal costs nothing and says only that the event was unusable.
/// </summary>
public static class IncomingCharge
{
    public const string Malformed = "The charge's privacy event is malformed.";
    public const string NoFiniteEpsilon = "The charge's privacy event certifies no finite ε at its δ.";

    /// <summary>The charge to record, or null and the refusal.</summary>
    public static (PrivacyCharge? Charge, string? Refusal) Verify(string eventJson, double claimedEpsilon, double delta, string description)
    {
        PrivacyEvent privacyEvent;
        try { privacyEvent = PrivacyEvent.FromJson(eventJson); }
        catch (Exception)
        {
            return (null, Malformed);
        }
        var claimed = new PrivacyCharge(privacyEvent, claimedEpsilon, delta, DpRelease.Shorten(description ?? ""));
        double epsilon;
        try
        {
            claimed.Validate();
            epsilon = PrivacyCost.Verified(claimed);
        }
        catch (Exception)
        {
            // Any failure to cost the event refuses it: the worker is not trusted, and nothing is released unpaid.
            return (null, Malformed);
        }
        if (!double.IsFinite(epsilon)) return (null, NoFiniteEpsilon);
        return (claimed with { Epsilon = epsilon }, null);
    }
}
