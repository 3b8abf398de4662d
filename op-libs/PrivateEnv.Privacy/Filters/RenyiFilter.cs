using PrivateEnv.Privacy.Accounting;

namespace PrivateEnv.Privacy.Filters;

/// <summary>
/// A Rényi-DP privacy filter over a fixed finite set of orders A (|A| = K), tighter than basic
/// composition when many Gaussian, Laplace, zCDP or DP-SGD charges are composed.
/// <para>
/// Rule: admit the next charge iff some order α ∈ A keeps Σ rdpᵢ(α) ≤ B(α), with
/// B(α) = ε_cap − log((α−1)/α) + (log(δ_R/K) + log α)/(α−1) (the CKS 2020 Prop. 12 conversion at δ_R/K).
/// Why this is a theorem under fully adaptive composition: for each fixed α, the process that admits
/// while Σ rdpᵢ(α) ≤ B(α) is (α, B(α))-RDP by the Rényi filter theorem of Feldman &amp; Zrnic 2021 (Thm 3.1),
/// hence (ε_cap, δ_R/K)-DP. On every transcript where α is the first order still within budget at the end,
/// our process and α's process coincide, so summing over the K orders gives (ε_cap, δ_R)-DP (union bound).
/// </para>
/// <para>
/// Charges whose event has no Rényi curve (e.g. (ε, δ) with δ &gt; 0) enter by conditioning: with probability
/// ≥ 1 − δᵢ they behave as εᵢ-indistinguishable, hence with curve min(εᵢ, αεᵢ²/2) (Bun &amp; Steinke 2016, Prop. 3.3),
/// and their δᵢ add up as in basic composition (Rogers et al. 2016) within a reserved share δ_A of the δ cap;
/// δ_R = δ_cap − δ_A. Total: (ε_cap, δ_cap)-DP.
/// </para>
/// </summary>
public sealed class RenyiFilter : IPrivacyFilter
{
    /// <summary>Orders covering DP-SGD (optimal α ≈ 5–30) and many small releases (larger α).</summary>
    public static IReadOnlyList<double> DefaultOrders { get; } = [1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128];

    /// <summary>Default share of δ reserved for approximate (ε, δ) charges.</summary>
    public const double DefaultApproximateDeltaShare = 0.25;

    private readonly double[] orders;
    private readonly double[] budgets;

    public RenyiFilter(double epsilonCap, double deltaCap, double approximateDeltaShare = DefaultApproximateDeltaShare, IReadOnlyList<double>? orders = null)
    {
        PrivacyFilters.ValidateCaps(epsilonCap, deltaCap);
        if (deltaCap <= 0) throw new ArgumentException("A Rényi filter needs δ > 0 to convert Rényi DP into (ε, δ); use the basic filter for pure ε budgets.", nameof(deltaCap));
        if (!(approximateDeltaShare >= 0 && approximateDeltaShare < 1))
            throw new ArgumentOutOfRangeException(nameof(approximateDeltaShare), $"The δ share for approximate charges must be in [0, 1), got {approximateDeltaShare}.");
        EpsilonCap = epsilonCap;
        DeltaCap = deltaCap;
        ApproximateDeltaCap = deltaCap * approximateDeltaShare;
        this.orders = (orders ?? DefaultOrders).ToArray();
        if (this.orders.Length == 0 || this.orders.Any(a => !(a > 1) || double.IsInfinity(a)))
            throw new ArgumentException("Orders must be a non-empty list of finite numbers > 1.", nameof(orders));
        var perOrderDelta = (deltaCap - ApproximateDeltaCap) / this.orders.Length;
        budgets = this.orders.Select(a => epsilonCap - Conversion(a, perOrderDelta)).ToArray();
    }

    public double EpsilonCap { get; }
    public double DeltaCap { get; }

    /// <summary>The part of δ that approximate (ε, δ) charges may use in total.</summary>
    public double ApproximateDeltaCap { get; }

    public IReadOnlyList<double> Orders => orders;

    public FilterDecision TryAdmit(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge next)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        ArgumentNullException.ThrowIfNull(next);
        next.Validate();
        if (curveCache.Count > 10_000) curveCache.Clear();
        var (curve, approximateDelta) = Totals(admitted);
        var (nextCurve, nextDelta) = CurveOf(next);
        var after = new double[orders.Length];
        var fits = false;
        for (var i = 0; i < orders.Length; i++)
        {
            after[i] = curve[i] + nextCurve[i];
            if (after[i] <= budgets[i]) fits = true;
        }
        fits &= approximateDelta + nextDelta <= ApproximateDeltaCap;
        var spentBefore = admitted.Count == 0 ? 0 : CertifiedEpsilon(curve); // nothing run yet: nothing spent
        var spentAfter = CertifiedEpsilon(after);
        var needed = Math.Max(0, spentAfter - spentBefore);
        var remaining = EpsilonCap - spentBefore;
        var remainingDelta = ApproximateDeltaCap - approximateDelta;
        return fits
            ? FilterDecision.Admit(needed, EpsilonCap - spentAfter, EpsilonCap, nextDelta, remainingDelta - nextDelta, ApproximateDeltaCap)
            : FilterDecision.Refuse(needed, remaining, EpsilonCap, nextDelta, remainingDelta, ApproximateDeltaCap);
    }

    public BudgetStatus Status(IReadOnlyList<PrivacyCharge> admitted)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        var (curve, approximateDelta) = Totals(admitted);
        var spent = admitted.Count == 0 ? 0 : Math.Min(EpsilonCap, Math.Max(0, CertifiedEpsilon(curve)));
        var deltaSpent = admitted.Count == 0 ? 0 : DeltaCap - ApproximateDeltaCap + approximateDelta;
        return new BudgetStatus(spent, deltaSpent, EpsilonCap, DeltaCap, $"Rényi filter over {orders.Length} orders");
    }

    /// <summary>The ε the filter can certify for a curve: the smallest ε_cap − B(α) + S(α) over orders.</summary>
    private double CertifiedEpsilon(double[] curve)
    {
        var best = double.PositiveInfinity;
        for (var i = 0; i < orders.Length; i++) best = Math.Min(best, EpsilonCap - budgets[i] + curve[i]);
        return best;
    }

    private (double[] Curve, double ApproximateDelta) Totals(IReadOnlyList<PrivacyCharge> admitted)
    {
        var curve = new double[orders.Length];
        var delta = 0.0;
        foreach (var charge in admitted)
        {
            var (c, d) = CurveOf(charge);
            for (var i = 0; i < curve.Length; i++) curve[i] += c[i];
            delta += d;
        }
        return (curve, delta);
    }

    /// <summary>The charge's Rényi curve from its event; events without one fall back to the charge's (ε, δ).</summary>
    private (double[] Curve, double Delta) CurveOf(PrivacyCharge charge)
    {
        var curve = curveCache.GetOrAdd(charge.Event, e =>
        {
            try { return RdpAccountant.CurveOf(e, orders); }
            catch (NotSupportedException) { return null; }
        });
        return curve is not null
            ? (curve, 0)
            : (orders.Select(a => RdpAccountant.PureDpRdp(charge.Epsilon, a)).ToArray(), charge.Delta);
    }

    /// <summary>Curves of events already seen (the ledger passes the whole history on every call); bounded.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PrivacyEvent, double[]?> curveCache = new();

    /// <summary>log((α−1)/α) − (log δ + log α)/(α−1): the ε added when converting RDP at α to (ε, δ) (CKS 2020, Prop. 12).</summary>
    private static double Conversion(double alpha, double delta) =>
        Math.Log((alpha - 1) / alpha) - (Math.Log(delta) + Math.Log(alpha)) / (alpha - 1);
}
