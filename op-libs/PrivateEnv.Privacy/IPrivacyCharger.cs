namespace PrivateEnv.Privacy;

/// <summary>
/// Spends privacy budget. The host (the session's worker) implements it by asking the
/// server's ledger, which charges durably and atomically. Returns only when the charge is
/// recorded; throws <see cref="BudgetExceededException"/> when it would exceed the budget.
/// Not for cells: the allow-list does not name it.
/// </summary>
public interface IPrivacyCharger
{
    void Charge(PrivacyCharge charge);
}
