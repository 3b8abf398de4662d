namespace PrivateEnv.Privacy.Accounting;

/// <summary>Creates a fresh accountant of a kind.</summary>
public static class PrivacyAccountants
{
    public static IPrivacyAccountant Create(AccountantKind kind) => kind switch
    {
        AccountantKind.Rdp => new RdpAccountant(),
        AccountantKind.Pld => new PldAccountant(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"Unknown accountant kind {kind}; use Rdp or Pld."),
    };

    /// <summary>ε of a single event (or composition) at δ under the chosen accountant.</summary>
    public static double EpsilonOf(PrivacyEvent privacyEvent, double delta, AccountantKind kind)
    {
        var accountant = Create(kind);
        accountant.Compose(privacyEvent);
        return accountant.GetEpsilon(delta);
    }
}
