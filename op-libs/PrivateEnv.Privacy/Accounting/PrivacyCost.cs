using PrivateEnv.Privacy.Mechanisms;

namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// What a privacy event costs, computed from the event alone, so the ledger need not trust the figure a worker
/// sends. Pure parts (ε-DP, Laplace) add their ε; the δ of the charge goes to the parts that need one, which are
/// accounted together (a discrete Gaussian by its exact curve, Canonne, Kamath &amp; Steinke 2020, Thm 7; anything
/// else by the chosen accountant: RDP with the CKS conversion, or PLD).
/// </summary>
public static class PrivacyCost
{
    /// <summary>
    /// The smallest ε certified for the event at δ; +∞ when no ε is (e.g. a Gaussian at δ = 0). Throws
    /// <see cref="ArgumentException"/> for an event that fails <see cref="PrivacyEventValidation"/>.
    /// </summary>
    public static double Epsilon(PrivacyEvent privacyEvent, double delta, AccountantKind accountant = AccountantKind.Rdp)
    {
        ArgumentNullException.ThrowIfNull(privacyEvent);
        if (!(delta >= 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), $"δ must be in [0, 1), got {delta}.");
        PrivacyEventValidation.Validate(privacyEvent);
        return EpsilonOfValid(privacyEvent, delta, accountant);
    }

    private static double EpsilonOfValid(PrivacyEvent privacyEvent, double delta, AccountantKind accountant)
    {
        if (PureEpsilon(privacyEvent) is { } pure) return pure;
        if (privacyEvent is ComposedEvent composed)
        {
            var pureSum = 0.0;
            var rest = new List<PrivacyEvent>();
            foreach (var part in composed.Events)
            {
                if (PureEpsilon(part) is { } e) pureSum += e;
                else rest.Add(part);
            }
            return pureSum + (rest.Count == 1 ? EpsilonOfValid(rest[0], delta, accountant) : CompositionEpsilon(rest, delta, accountant));
        }
        if (delta == 0) return double.PositiveInfinity;
        switch (privacyEvent)
        {
            case ApproximateDpEvent approximate:
                return approximate.Delta <= delta ? approximate.Epsilon : double.PositiveInfinity;
            case DiscreteGaussianEvent gaussian:
                return DiscreteGaussianEpsilon(gaussian, delta);
            default:
                return AccountantEpsilon(privacyEvent, delta, accountant);
        }
    }

    /// <summary>
    /// Several parts that need δ: the accountant composes them when it has a curve for each; otherwise basic
    /// composition (Dwork &amp; Roth 2014, Thm 3.16) with δ split evenly, each part costed on its own.
    /// </summary>
    private static double CompositionEpsilon(IReadOnlyList<PrivacyEvent> parts, double delta, AccountantKind accountant)
    {
        if (delta == 0) return double.PositiveInfinity;
        try { return AccountantEpsilon(new ComposedEvent(parts), delta, accountant); }
        catch (NotSupportedException) { }
        return parts.Sum(part => EpsilonOfValid(part, delta / parts.Count, accountant));
    }

    private static double AccountantEpsilon(PrivacyEvent privacyEvent, double delta, AccountantKind accountant)
    {
        var epsilon = PrivacyAccountants.EpsilonOf(privacyEvent, delta, accountant);
        return double.IsNaN(epsilon) ? double.PositiveInfinity : epsilon;
    }

    /// <summary>Compositions beyond which the ledger does not run PLD (its work grows with them): RDP's figure stands.</summary>
    public const long MaxPldCompositions = 10_000_000;

    /// <summary>
    /// The ε the ledger records for a charge: the worker's figure when the event certifies it, otherwise the event's
    /// own (larger) cost. RDP is tried first; PLD (tighter, slower) only when the claim is below RDP's figure and the
    /// event composes at most <see cref="MaxPldCompositions"/> mechanisms.
    /// </summary>
    public static double Verified(PrivacyCharge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        var rdp = Epsilon(charge.Event, charge.Delta, AccountantKind.Rdp);   // validates the event once
        if (charge.Epsilon >= rdp) return charge.Epsilon;
        if (Compositions(charge.Event) > MaxPldCompositions || PartsNeedingDelta(charge.Event) > MaxPldParts) return rdp;
        double pld;
        try { pld = EpsilonOfValid(charge.Event, charge.Delta, AccountantKind.Pld); }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException or OverflowException or AggregateException)
        {
            pld = rdp;   // PLD is only a tighter second opinion; when it cannot discretise the event, RDP's figure stands
        }
        // PLD's discretisation is deterministic: the worker and the ledger compute the same figure.
        return Math.Max(charge.Epsilon, Math.Min(rdp, pld));
    }

    /// <summary>
    /// Parts needing δ beyond which the ledger does not run PLD: an honest charge has one (a DP-SGD run), and each
    /// part builds its own loss distribution (four near the point cap took 5.6 s and 3 GB of allocations).
    /// </summary>
    public const int MaxPldParts = 1;

    private static int PartsNeedingDelta(PrivacyEvent privacyEvent) => privacyEvent switch
    {
        _ when PureEpsilon(privacyEvent) is not null => 0,
        SelfComposedEvent s => PartsNeedingDelta(s.Inner),
        ComposedEvent c => c.Events.Sum(PartsNeedingDelta),
        _ => 1,
    };

    private static double Compositions(PrivacyEvent privacyEvent) => privacyEvent switch
    {
        SelfComposedEvent s => Math.Max(0, s.Count) * Compositions(s.Inner),
        ComposedEvent c => c.Events.Sum(Compositions),
        _ => 1,
    };

    /// <summary>ε of a δ-free event, or null when it needs δ.</summary>
    private static double? PureEpsilon(PrivacyEvent privacyEvent) => privacyEvent switch
    {
        PureDpEvent p => p.Epsilon,
        LaplaceEvent l => l.Sensitivity == 0 ? 0 : l.Epsilon,
        ApproximateDpEvent { Delta: 0 } a => a.Epsilon,
        ZcdpEvent { Rho: 0 } => 0,
        SelfComposedEvent s when PureEpsilon(s.Inner) is { } inner => s.Count * inner,
        ComposedEvent c when c.Events.All(e => PureEpsilon(e) is not null) => c.Events.Sum(e => PureEpsilon(e)!.Value),
        _ => null,
    };

    /// <summary>Inverts the exact curve δ(ε) of CKS Thm 7 (non-increasing in ε) by bisection; rounds ε up.</summary>
    private static double DiscreteGaussianEpsilon(DiscreteGaussianEvent gaussian, double delta)
    {
        if (!(gaussian.SigmaSquared > 0) || gaussian.Sensitivity < 0) return double.PositiveInfinity;
        if (gaussian.Sensitivity == 0) return 0;
        double DeltaAt(double e) => GaussianCalibration.DiscreteGaussianDelta(gaussian.SigmaSquared, gaussian.Sensitivity, e);
        if (DeltaAt(0) <= delta) return 0;
        double low = 0, high = 1;
        while (!(DeltaAt(high) <= delta))   // NaN counts as not met
        {
            low = high;
            high *= 2;
            if (high > 1e6) return double.PositiveInfinity;
        }
        while (high - low > 1e-12 * high)
        {
            var mid = 0.5 * (low + high);
            if (DeltaAt(mid) <= delta) high = mid; else low = mid;
        }
        return high;
    }
}
