namespace PrivateEnv.Privacy;

/// <summary>
/// Marks a type whose every value is public (a DP result, a public table, DP-trained weights).
/// The release gate lets such values leave the worker; only op-libs types may implement it.
/// </summary>
public interface IReleasable
{
    /// <summary>Plain-text rendering shown to the analyst.</summary>
    string ToDisplayText();
}
