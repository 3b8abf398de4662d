using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Filters;

namespace PrivateEnv.Privacy.Tests;

/// <summary>
/// The filters as they were before they kept a state: each decision recomputed from the whole list of admitted
/// charges (copied from BasicCompositionFilter.cs and RenyiFilter.cs at ba25e2a). The incremental filters must
/// decide every sequence bit for bit as these do; see FilterStateEquivalenceTests.
/// </summary>
internal interface IListFormFilter
{
    FilterDecision TryAdmit(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge next);
    BudgetStatus Status(IReadOnlyList<PrivacyCharge> admitted);
}

internal sealed class ListFormBasicCompositionFilter(double epsilonCap, double deltaCap) : IListFormFilter
{
    public double EpsilonCap { get; } = epsilonCap;
    public double DeltaCap { get; } = deltaCap;

    public FilterDecision TryAdmit(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge next)
    {
        next.Validate();
        var (epsilon, delta) = Spent(admitted);
        var (epsilonAfter, deltaAfter) = Spent(admitted, next);
        var remainingEpsilon = EpsilonCap - epsilon;
        var remainingDelta = DeltaCap - delta;
        var fits = epsilonAfter <= EpsilonCap && deltaAfter <= DeltaCap;
        return fits
            ? FilterDecision.Admit(next.Epsilon, remainingEpsilon - next.Epsilon, EpsilonCap, next.Delta, remainingDelta - next.Delta, DeltaCap)
            : FilterDecision.Refuse(next.Epsilon, remainingEpsilon, EpsilonCap, next.Delta, remainingDelta, DeltaCap);
    }

    public BudgetStatus Status(IReadOnlyList<PrivacyCharge> admitted)
    {
        var (epsilon, delta) = Spent(admitted);
        return new BudgetStatus(epsilon, delta, EpsilonCap, DeltaCap, "basic composition");
    }

    private static (double Epsilon, double Delta) Spent(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge? next = null)
    {
        double epsilonSum = 0, epsilonCompensation = 0, deltaSum = 0, deltaCompensation = 0;
        foreach (var charge in next is null ? admitted : admitted.Append(next))
        {
            Add(ref epsilonSum, ref epsilonCompensation, charge.Epsilon);
            Add(ref deltaSum, ref deltaCompensation, charge.Delta);
        }
        return (epsilonSum + epsilonCompensation, deltaSum + deltaCompensation);
    }

    private static void Add(ref double sum, ref double compensation, double x)
    {
        var t = sum + x;
        compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
}

internal sealed class ListFormRenyiFilter : IListFormFilter
{
    private readonly double[] orders;
    private readonly double[] budgets;

    public ListFormRenyiFilter(double epsilonCap, double deltaCap, double approximateDeltaShare = RenyiFilter.DefaultApproximateDeltaShare)
    {
        EpsilonCap = epsilonCap;
        DeltaCap = deltaCap;
        ApproximateDeltaCap = deltaCap * approximateDeltaShare;
        orders = RenyiFilter.DefaultOrders.ToArray();
        var perOrderDelta = (deltaCap - ApproximateDeltaCap) / orders.Length;
        budgets = orders.Select(a => epsilonCap - Conversion(a, perOrderDelta)).ToArray();
    }

    public double EpsilonCap { get; }
    public double DeltaCap { get; }
    public double ApproximateDeltaCap { get; }

    public FilterDecision TryAdmit(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge next)
    {
        next.Validate();
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
        var spentBefore = admitted.Count == 0 ? 0 : CertifiedEpsilon(curve);
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
        var (curve, approximateDelta) = Totals(admitted);
        var spent = admitted.Count == 0 ? 0 : Math.Min(EpsilonCap, Math.Max(0, CertifiedEpsilon(curve)));
        var deltaSpent = admitted.Count == 0 ? 0 : DeltaCap - ApproximateDeltaCap + approximateDelta;
        return new BudgetStatus(spent, deltaSpent, EpsilonCap, DeltaCap, $"Rényi filter over {orders.Length} orders");
    }

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

    private (double[] Curve, double Delta) CurveOf(PrivacyCharge charge)
    {
        if (!curveCache.TryGetValue(charge.Event, out var curve))
        {
            try { curve = RdpAccountant.CurveOf(charge.Event, orders); }
            catch (NotSupportedException) { curve = null; }
            curveCache[charge.Event] = curve;
        }
        return curve is not null
            ? (curve, 0)
            : (orders.Select(a => RdpAccountant.PureDpRdp(charge.Epsilon, a)).ToArray(), charge.Delta);
    }

    /// <summary>The list form recomputes every earlier curve on each call; caching them keeps the test fast.</summary>
    private readonly Dictionary<PrivacyEvent, double[]?> curveCache = new();

    private static double Conversion(double alpha, double delta) =>
        Math.Log((alpha - 1) / alpha) - (Math.Log(delta) + Math.Log(alpha)) / (alpha - 1);
}
