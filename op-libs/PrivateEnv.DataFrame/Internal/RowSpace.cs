using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// The identity of one set of rows. Series combine element-wise only inside one row space, so a
/// row of a result always comes from one row of its inputs. Filtering, sampling and concatenation
/// make a new space; arithmetic and mapping keep it.
/// </summary>
internal sealed class RowSpace(IPrivacyCharger charger, int stability)
{
    public IPrivacyCharger Charger { get; } = charger ?? throw new ArgumentNullException(nameof(charger));

    /// <summary>
    /// How many rows of this space one individual of the source can affect (add/remove one source
    /// row). 1 for loaded data; concatenation adds. DP sensitivities are multiplied by it.
    /// </summary>
    public int Stability { get; } = stability >= 1 ? stability : throw new ArgumentOutOfRangeException(nameof(stability));

    /// <summary>A new space with the same charger and stability (e.g. after filtering).</summary>
    public RowSpace Derive() => new(Charger, Stability);

    public void RequireSame(RowSpace other, string operation)
    {
        if (!ReferenceEquals(this, other))
            throw new InvalidOperationException(
                $"{operation} needs series of the same rows (the same frame, before any filter/sample/split). " +
                "Combine the columns first, then filter the frame.");
    }
}
