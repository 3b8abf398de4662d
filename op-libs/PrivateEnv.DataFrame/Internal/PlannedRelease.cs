using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// A DP release whose cost is known before any data is touched: the events to charge and the
/// computation to run once the charge is accepted. Composite releases (Describe, GroupBy) gather
/// several plans, charge them once, then compute.
/// </summary>
internal sealed class PlannedRelease<T>(double epsilon, IReadOnlyList<PrivacyEvent> events, Func<T> compute)
{
    public double Epsilon { get; } = epsilon;
    public IReadOnlyList<PrivacyEvent> Events { get; } = events;

    /// <summary>Runs only after <see cref="Budget.Charge"/> accepted the events.</summary>
    public Func<T> Compute { get; } = compute;

    /// <summary>Charges first, then computes: a refused charge throws and releases nothing.</summary>
    public T Release(IPrivacyCharger charger, string description)
    {
        Budget.Charge(charger, Epsilon, Events, description);
        return Compute();
    }
}

internal static class Budget
{
    public static void ValidateEpsilon(double eps)
    {
        if (!double.IsFinite(eps) || eps <= 0)
            throw new ArgumentOutOfRangeException(nameof(eps), $"eps must be a finite number > 0, got {eps}.");
    }

    /// <summary>The event of one Laplace release of the given sensitivity at ε.</summary>
    public static PrivacyEvent Laplace(double sensitivity, double eps) =>
        sensitivity > 0 ? new LaplaceEvent(sensitivity, sensitivity / eps) : new PureDpEvent(eps);

    public static void Charge(IPrivacyCharger charger, double epsilon, IReadOnlyList<PrivacyEvent> events, string description)
    {
        var ev = events.Count == 1 ? events[0] : new ComposedEvent(events);
        var charge = new PrivacyCharge(ev, epsilon, 0, description);
        charge.Validate();
        charger.Charge(charge);
    }

    /// <summary>Laplace noise of scale sensitivity/ε from the secure generator (0 when the query is constant).</summary>
    public static double LaplaceNoise(double sensitivity, double eps) =>
        sensitivity > 0 ? Privacy.Mechanisms.LaplaceMechanism.SampleNoise(sensitivity / eps) : 0;

    public static string Format(double eps) => eps.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
