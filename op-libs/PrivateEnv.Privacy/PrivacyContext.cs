namespace PrivateEnv.Privacy;

/// <summary>
/// The charger of the current session, installed by the host (the worker) for the code it runs.
/// Private objects capture the charger of the data they come from; this ambient one serves
/// objects made from public inputs (e.g. an imported table made private). Flows with the
/// async context, so concurrent tests and hosts do not see each other's charger.
/// Not for cells: the allow-list does not name it.
/// </summary>
public static class PrivacyContext
{
    private static readonly AsyncLocal<IPrivacyCharger?> current = new();

    /// <summary>The installed charger; throws when the host installed none.</summary>
    public static IPrivacyCharger Charger => current.Value
        ?? throw new InvalidOperationException("No privacy session is active here: private data can only be made inside a PrivateEnv session.");

    /// <summary>Installs the session's charger for this async context and the code it starts.</summary>
    public static void Install(IPrivacyCharger charger) => current.Value = charger ?? throw new ArgumentNullException(nameof(charger));
}
