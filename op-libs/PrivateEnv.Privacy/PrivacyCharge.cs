namespace PrivateEnv.Privacy;

/// <summary>
/// One request to spend budget: the event as data and the (ε, δ) it costs under the
/// session's accountant. A charge is made before the result it pays for exists.
/// </summary>
public sealed record PrivacyCharge(PrivacyEvent Event, double Epsilon, double Delta, string Description)
{
    public static PrivacyCharge Pure(double epsilon, string description) =>
        new(new PureDpEvent(epsilon), epsilon, 0, description);

    /// <summary>Checks that the cost is finite and non-negative; throws otherwise.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Epsilon) || Epsilon < 0)
            throw new ArgumentOutOfRangeException(nameof(Epsilon), $"A charge's ε must be finite and ≥ 0, got {Epsilon}.");
        if (!double.IsFinite(Delta) || Delta < 0 || Delta >= 1)
            throw new ArgumentOutOfRangeException(nameof(Delta), $"A charge's δ must be in [0, 1), got {Delta}.");
    }
}
