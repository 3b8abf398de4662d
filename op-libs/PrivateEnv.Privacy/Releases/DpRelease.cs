namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// The one release primitive. A release is planned as <see cref="ReleasePart"/>s whose parameters are public
/// (bounds, cells, sensitivity, ε, δ); <see cref="Charge"/> records their composition with the session's ledger
/// before anything is computed, and only then may each part draw its noise, once. A refused charge throws
/// <see cref="BudgetExceededException"/> and no part can release. Noise exists nowhere else in the libraries:
/// every value is snapped to a public grid and perturbed by exact integer noise (or, for DP-SGD, by the
/// Gaussian noise of <see cref="DpSgdNoise"/>), so what comes out is a function of public parameters and noise.
/// </summary>
public static class DpRelease
{
    /// <summary>The smallest ε a release accepts: 2⁻²⁰ ≈ 9.5e-7 (the exact samplers work in multiples of it).</summary>
    public const double MinimumEpsilon = 1.0 / (1 << 20);

    /// <summary>The largest ε a release accepts: 2³⁰ (noise far below the grid; useful to check transformations exactly).</summary>
    public const double MaximumEpsilon = 1 << 30;

    /// <summary>Descriptions stored in the ledger are cut to this many characters.</summary>
    public const int MaxDescriptionLength = 240;

    /// <summary>
    /// Charges the composition of <paramref name="parts"/> as one ledger entry: ε and δ add up (basic composition),
    /// the event is their composition. Throws <see cref="BudgetExceededException"/> when refused.
    /// </summary>
    public static void Charge(IPrivacyCharger charger, string description, params ReleasePart[] parts)
    {
        ArgumentNullException.ThrowIfNull(charger);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("Internal error: a release needs at least one part.");
        if (parts.Count(p => p.Delta > 0) > 1)
            throw new ArgumentException("Internal error: at most one part of a release may use δ.");
        var privacyEvent = parts.Length == 1 ? parts[0].Event : new ComposedEvent(parts.Select(p => p.Event).ToArray());
        var charge = new PrivacyCharge(privacyEvent, parts.Sum(p => p.Epsilon), parts.Sum(p => p.Delta), Shorten(description));
        charge.Validate();
        charger.Charge(charge);
        foreach (var part in parts) part.MarkCharged();
    }

    /// <summary>A description as the ledger keeps it: at most <see cref="MaxDescriptionLength"/> characters.</summary>
    public static string Shorten(string? description)
    {
        description ??= "";
        return description.Length <= MaxDescriptionLength ? description : description[..(MaxDescriptionLength - 1)] + "…";
    }
}
