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
    private const string Name = "renyi";

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

    public FilterState Empty => new Totals(0, orders, new double[orders.Length], 0);

    public FilterStep TryAdmit(FilterState state, PrivacyCharge next)
    {
        var before = Own(state);
        ArgumentNullException.ThrowIfNull(next);
        next.Validate();
        var curve = before.Curve;
        var (nextCurve, nextDelta) = CurveOf(next);
        var after = new double[orders.Length];
        var fits = false;
        for (var i = 0; i < orders.Length; i++)
        {
            after[i] = curve[i] + nextCurve[i];
            if (after[i] <= budgets[i]) fits = true;
        }
        fits &= before.ApproximateDelta + nextDelta <= ApproximateDeltaCap;
        var spentBefore = before.Admitted == 0 ? 0 : CertifiedEpsilon(curve); // nothing run yet: nothing spent
        var spentAfter = CertifiedEpsilon(after);
        var needed = Math.Max(0, spentAfter - spentBefore);
        var remaining = EpsilonCap - spentBefore;
        var remainingDelta = ApproximateDeltaCap - before.ApproximateDelta;
        return fits
            ? new FilterStep(FilterDecision.Admit(needed, EpsilonCap - spentAfter, EpsilonCap, nextDelta, remainingDelta - nextDelta, ApproximateDeltaCap),
                new Totals(before.Admitted + 1, orders, after, before.ApproximateDelta + nextDelta))
            : new FilterStep(FilterDecision.Refuse(needed, remaining, EpsilonCap, nextDelta, remainingDelta, ApproximateDeltaCap), before);
    }

    public FilterState Include(FilterState state, PrivacyCharge admitted)
    {
        var before = Own(state);
        ArgumentNullException.ThrowIfNull(admitted);
        admitted.Validate();
        var (curve, delta) = CurveOf(admitted);
        var after = new double[orders.Length];
        for (var i = 0; i < orders.Length; i++) after[i] = before.Curve[i] + curve[i];
        return new Totals(before.Admitted + 1, orders, after, before.ApproximateDelta + delta);
    }

    public BudgetStatus Status(FilterState state)
    {
        var totals = Own(state);
        var spent = totals.Admitted == 0 ? 0 : Math.Min(EpsilonCap, Math.Max(0, CertifiedEpsilon(totals.Curve)));
        var deltaSpent = totals.Admitted == 0 ? 0 : DeltaCap - ApproximateDeltaCap + totals.ApproximateDelta;
        return new BudgetStatus(spent, deltaSpent, EpsilonCap, DeltaCap, $"Rényi filter over {orders.Length} orders");
    }

    public FilterState ReadState(string json) => FilterStateJson.Read(json, Name, (root, admitted) =>
    {
        var storedOrders = root.GetProperty("orders").EnumerateArray().Select(FilterStateJson.ReadDouble).ToArray();
        // Totals at other orders cannot be converted; the ledger rebuilds such a state from its charges.
        if (!storedOrders.SequenceEqual(orders))
            throw new FormatException($"The state was kept over the orders [{string.Join(", ", storedOrders)}], this filter uses [{string.Join(", ", orders)}].");
        var curve = root.GetProperty("curve").EnumerateArray().Select(FilterStateJson.ReadDouble).ToArray();
        if (curve.Length != orders.Length) throw new FormatException($"The state has {curve.Length} Rényi totals for {orders.Length} orders.");
        return new Totals(admitted, orders, curve, FilterStateJson.ReadDouble(root, "approximate_delta"));
    });

    /// <summary>The ε the filter can certify for a curve: the smallest ε_cap − B(α) + S(α) over orders.</summary>
    private double CertifiedEpsilon(double[] curve)
    {
        var best = double.PositiveInfinity;
        for (var i = 0; i < orders.Length; i++) best = Math.Min(best, EpsilonCap - budgets[i] + curve[i]);
        return best;
    }

    /// <summary>The charge's Rényi curve from its event; events without one fall back to the charge's (ε, δ).</summary>
    private (double[] Curve, double Delta) CurveOf(PrivacyCharge charge)
    {
        double[]? curve;
        try { curve = RdpAccountant.CurveOf(charge.Event, orders); }
        catch (NotSupportedException) { curve = null; }
        return curve is not null
            ? (curve, 0)
            : (orders.Select(a => RdpAccountant.PureDpRdp(charge.Epsilon, a)).ToArray(), charge.Delta);
    }

    private Totals Own(FilterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not Totals totals) throw new ArgumentException($"This is the state of a '{state.Filter}' filter, not of a Rényi filter.", nameof(state));
        if (!totals.Orders.SequenceEqual(orders)) throw new ArgumentException("This Rényi state was kept over other orders than this filter's.", nameof(state));
        return totals;
    }

    /// <summary>Σ rdpᵢ(α) at each order, and Σ δᵢ of the charges that entered by their (ε, δ).</summary>
    private sealed class Totals(long admitted, double[] orders, double[] curve, double approximateDelta) : FilterState(Name, admitted)
    {
        public double[] Orders { get; } = orders;

        /// <summary>Never written after construction (the filter makes a new array for every step).</summary>
        public double[] Curve { get; } = curve;

        public double ApproximateDelta { get; } = approximateDelta;

        public override string ToJson() => FilterStateJson.Write(Name, Admitted, writer =>
        {
            writer.WriteStartArray("orders");
            foreach (var order in Orders) FilterStateJson.WriteDouble(writer, order);
            writer.WriteEndArray();
            writer.WriteStartArray("curve");
            foreach (var total in Curve) FilterStateJson.WriteDouble(writer, total);
            writer.WriteEndArray();
            FilterStateJson.WriteDouble(writer, "approximate_delta", ApproximateDelta);
        });
    }

    /// <summary>log((α−1)/α) − (log δ + log α)/(α−1): the ε added when converting RDP at α to (ε, δ) (CKS 2020, Prop. 12).</summary>
    private static double Conversion(double alpha, double delta) =>
        Math.Log((alpha - 1) / alpha) - (Math.Log(delta) + Math.Log(alpha)) / (alpha - 1);
}
