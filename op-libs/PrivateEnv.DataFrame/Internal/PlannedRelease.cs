using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// A DP release whose parts (and so its cost) are known from public inputs before any data is read: the
/// release parts to charge, and the computation that reads the data and draws each part's noise once the
/// charge is recorded. Composite releases (Describe, GroupBy) gather several plans and charge them as one.
/// </summary>
internal sealed class PlannedRelease<T>(IReadOnlyList<ReleasePart> parts, Func<T> compute)
{
    public IReadOnlyList<ReleasePart> Parts { get; } = parts;

    /// <summary>Runs only after <see cref="DpRelease.Charge"/> recorded the parts.</summary>
    public Func<T> Compute { get; } = compute;

    /// <summary>Charges first, then computes: a refused charge throws and releases nothing.</summary>
    public T Release(IPrivacyCharger charger, string description)
    {
        DpRelease.Charge(charger, description, [.. Parts]);
        return Compute();
    }

    public PlannedRelease<TOut> Then<TOut>(Func<T, TOut> postProcess) => new(Parts, () => postProcess(Compute()));
}

internal static class Budget
{
    /// <summary>The ε of one call: public checks only, before anything is planned.</summary>
    public static void ValidateEpsilon(double eps)
    {
        if (!double.IsFinite(eps) || eps < DpRelease.MinimumEpsilon || eps > DpRelease.MaximumEpsilon)
            throw new ArgumentOutOfRangeException(nameof(eps),
                $"eps must be a finite number between {DpRelease.MinimumEpsilon:G3} and {DpRelease.MaximumEpsilon:G3}, got {eps}.");
    }

    /// <summary>ε shares must each stay above the floor too (e.g. Describe splits ε over columns and statistics).</summary>
    public static void ValidateShare(double share, double eps, string what)
    {
        if (share < DpRelease.MinimumEpsilon)
            throw new ArgumentOutOfRangeException(nameof(eps), $"eps = {eps} split over {what} leaves {share:G3} each, below the floor {DpRelease.MinimumEpsilon:G3}; ask a larger eps.");
    }

    public static string Format(double eps) => eps.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
