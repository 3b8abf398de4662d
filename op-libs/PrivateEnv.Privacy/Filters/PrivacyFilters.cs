namespace PrivateEnv.Privacy.Filters;

/// <summary>Creates the session's filter by name: "basic" (default) or "renyi".</summary>
public static class PrivacyFilters
{
    public static IReadOnlyList<string> Names { get; } = ["basic", "renyi"];

    public static IPrivacyFilter Create(string name, double epsilon, double delta) =>
        (name ?? "basic").Trim().ToLowerInvariant() switch
        {
            "basic" or "" => new BasicCompositionFilter(epsilon, delta),
            "renyi" or "rényi" or "rdp" => new RenyiFilter(epsilon, delta),
            _ => throw new ArgumentException($"Unknown privacy filter '{name}'; use one of: {string.Join(", ", Names)}.", nameof(name)),
        };

    /// <summary>
    /// The state after <paramref name="admitted"/>, charges the filter admitted earlier, in order (a ledger rebuilding a
    /// state it did not store). O(n): deciding a session's charges from the list each time is what the state avoids.
    /// </summary>
    public static FilterState StateOf(this IPrivacyFilter filter, IEnumerable<PrivacyCharge> admitted)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(admitted);
        var state = filter.Empty;
        foreach (var charge in admitted) state = filter.Include(state, charge);
        return state;
    }

    internal static void ValidateCaps(double epsilonCap, double deltaCap)
    {
        if (!double.IsFinite(epsilonCap) || epsilonCap <= 0)
            throw new ArgumentOutOfRangeException(nameof(epsilonCap), $"The ε budget must be a finite number > 0, got {epsilonCap}.");
        if (!(deltaCap >= 0 && deltaCap < 1))
            throw new ArgumentOutOfRangeException(nameof(deltaCap), $"The δ budget must be in [0, 1), got {deltaCap}.");
    }
}
