using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Filters;

namespace PrivateEnv.Privacy.Tests;

public class FilterTests
{
    private static PrivacyCharge Pure(double epsilon) => PrivacyCharge.Pure(epsilon, "test");

    private static (List<PrivacyCharge> Admitted, FilterState State) Run(IPrivacyFilter filter, IEnumerable<PrivacyCharge> requests)
    {
        var admitted = new List<PrivacyCharge>();
        var state = filter.Empty;
        foreach (var request in requests)
        {
            var step = filter.TryAdmit(state, request);
            if (step.Decision.Admitted) admitted.Add(request);
            state = step.State;
        }
        return (admitted, state);
    }

    [Fact]
    public void Basic_filter_admits_ten_tenths_of_one_and_refuses_the_eleventh()
    {
        var filter = new BasicCompositionFilter(1.0, 0);
        var (admitted, state) = Run(filter, Enumerable.Repeat(Pure(0.1), 10));
        Assert.Equal(10, admitted.Count);
        var refusal = filter.TryAdmit(state, Pure(0.1)).Decision;
        Assert.False(refusal.Admitted);
        Assert.Contains("needs ε=0.1", refusal.Refusal!.Message);
        Assert.Contains("left of 1", refusal.Refusal.Message);
        Assert.Throws<BudgetExceededException>(refusal.ThrowIfRefused);
    }

    [Fact]
    public void After_a_refusal_a_smaller_charge_still_fits()
    {
        var filter = new BasicCompositionFilter(1.0, 1e-6);
        var (admitted, state) = Run(filter, [Pure(0.7), Pure(0.5), Pure(0.3)]);
        Assert.Equal([0.7, 0.3], admitted.Select(c => c.Epsilon));
        Assert.Equal(1.0, filter.Status(state).SpentEpsilon, 12);
        Assert.Equal(0, filter.Status(state).RemainingEpsilon, 12);
    }

    [Fact]
    public void Basic_filter_caps_delta_too()
    {
        var filter = new BasicCompositionFilter(10, 1e-5);
        var approximate = new PrivacyCharge(new ApproximateDpEvent(0.1, 4e-6), 0.1, 4e-6, "gaussian");
        var (admitted, state) = Run(filter, Enumerable.Repeat(approximate, 5));
        Assert.Equal(2, admitted.Count);
        var refusal = filter.TryAdmit(state, approximate).Decision;
        Assert.True(refusal.Refusal!.DeltaBound);
        Assert.Contains("this call needs δ=4E-06, the session has δ=2E-06 left of 1E-05", refusal.Refusal.Message);
    }

    [Fact]
    public void Invalid_charges_are_rejected_not_admitted()
    {
        var filter = new BasicCompositionFilter(1, 0);
        Assert.ThrowsAny<ArgumentException>(() => filter.TryAdmit(filter.Empty, new PrivacyCharge(new PureDpEvent(-1), -1, 0, "bad")));
        Assert.ThrowsAny<ArgumentException>(() => filter.TryAdmit(filter.Empty, new PrivacyCharge(new PureDpEvent(1), double.NaN, 0, "bad")));
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("renyi")]
    public void No_sequence_of_requests_exceeds_the_cap(string name)
    {
        var random = new Random(2024);
        for (var trial = 0; trial < 60; trial++)
        {
            var filter = PrivacyFilters.Create(name, 2.0, 1e-5);
            var requests = Enumerable.Range(0, 40).Select(_ => RandomCharge(random)).ToList();
            var admitted = new List<PrivacyCharge>();
            var state = filter.Empty;
            foreach (var request in requests)
            {
                var step = filter.TryAdmit(state, request);
                if (!step.Decision.Admitted) continue;
                admitted.Add(request);
                state = step.State;
                Assert.True(CertifiedEpsilon(filter, admitted) <= 2.0 + 1e-12, $"trial {trial}: cap exceeded");
                Assert.True(filter.Status(state).SpentDelta <= 1e-5 + 1e-18);
            }
        }
    }

    /// <summary>An independent check of what each filter promises, computed with the accountant's conversion.</summary>
    private static double CertifiedEpsilon(IPrivacyFilter filter, List<PrivacyCharge> admitted)
    {
        if (filter is BasicCompositionFilter) return admitted.Sum(c => c.Epsilon);
        var renyi = (RenyiFilter)filter;
        var curve = new double[renyi.Orders.Count];
        foreach (var charge in admitted)
        {
            var c = charge.Event is ApproximateDpEvent { Delta: > 0 }
                ? renyi.Orders.Select(a => RdpAccountant.PureDpRdp(charge.Epsilon, a)).ToArray()
                : RdpAccountant.CurveOf(charge.Event, renyi.Orders);
            for (var i = 0; i < curve.Length; i++) curve[i] += c[i];
        }
        var perOrderDelta = (renyi.DeltaCap - renyi.ApproximateDeltaCap) / renyi.Orders.Count;
        return RdpConversion.Epsilon(renyi.Orders, curve, perOrderDelta).Epsilon;
    }

    internal static PrivacyCharge RandomCharge(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                var epsilon = 0.05 + random.NextDouble() * 0.5;
                return new PrivacyCharge(new PureDpEvent(epsilon), epsilon, 0, "pure");
            case 1:
                var sigma = 2 + random.NextDouble() * 10;
                return new PrivacyCharge(new GaussianEvent(sigma), GaussianEpsilon(sigma), 1e-7, "gaussian");
            case 2:
                var e = 0.05 + random.NextDouble() * 0.3;
                return new PrivacyCharge(new ApproximateDpEvent(e, 5e-7), e, 5e-7, "approximate");
            default:
                var dpSgd = PrivacyBudget.DpSgdEvent(60000, 256, 0.5 + random.NextDouble(), 1.5 + random.NextDouble());
                return new PrivacyCharge(dpSgd, PrivacyAccountants.EpsilonOf(dpSgd, 1e-7, AccountantKind.Rdp), 1e-7, "dp-sgd");
        }
    }

    private static double GaussianEpsilon(double sigma) => PrivacyAccountants.EpsilonOf(new GaussianEvent(sigma), 1e-7, AccountantKind.Rdp);

    [Fact]
    public void Renyi_filter_admits_more_gaussian_releases_than_basic_composition()
    {
        var charge = new PrivacyCharge(new GaussianEvent(10), GaussianEpsilon(10), 1e-7, "mean");
        var basic = Run(new BasicCompositionFilter(2, 1e-5), Enumerable.Repeat(charge, 500)).Admitted.Count;
        var renyi = Run(new RenyiFilter(2, 1e-5), Enumerable.Repeat(charge, 500)).Admitted.Count;
        Assert.True(renyi > 2 * basic, $"Rényi admitted {renyi}, basic {basic}");
    }

    [Fact]
    public void Renyi_filter_reports_what_a_refused_charge_needed()
    {
        var filter = new RenyiFilter(1, 1e-5);
        var big = PrivacyBudget.DpSgdEvent(60000, 256, 60, 1.1);
        var decision = filter.TryAdmit(filter.Empty, new PrivacyCharge(big, 2.6, 1e-5, "training")).Decision;
        Assert.False(decision.Admitted);
        Assert.True(decision.NeededEpsilon > 1);
        Assert.StartsWith("Budget exceeded: this call needs ε=", decision.Refusal!.Message);
    }

    [Fact]
    public void Filters_are_created_by_name()
    {
        Assert.IsType<BasicCompositionFilter>(PrivacyFilters.Create("basic", 1, 1e-6));
        Assert.IsType<RenyiFilter>(PrivacyFilters.Create("Renyi", 1, 1e-6));
        var ex = Assert.Throws<ArgumentException>(() => PrivacyFilters.Create("advanced", 1, 1e-6));
        Assert.Contains("basic, renyi", ex.Message);
        Assert.ThrowsAny<ArgumentException>(() => PrivacyFilters.Create("basic", 0, 1e-6));
        Assert.ThrowsAny<ArgumentException>(() => PrivacyFilters.Create("renyi", 1, 0));
    }
}

public class RenyiFilterStatusTests
{
    [Fact]
    public void A_fresh_session_has_its_whole_budget_left_and_refusals_say_so()
    {
        var filter = new RenyiFilter(1, 1e-5);
        Assert.Equal(0, filter.Status(filter.Empty).SpentEpsilon);
        Assert.Equal(1, filter.Status(filter.Empty).RemainingEpsilon);
        var huge = new PrivacyCharge(new PureDpEvent(5), 5, 0, "too much");
        var decision = filter.TryAdmit(filter.Empty, huge).Decision;
        Assert.False(decision.Admitted);
        Assert.Equal(1, decision.RemainingEpsilon);
        Assert.Contains("has ε=1 left of 1", decision.Refusal!.Message);
    }

    [Fact]
    public void Status_grows_with_admitted_charges_and_never_passes_the_cap()
    {
        var filter = new RenyiFilter(2, 1e-5);
        var charge = new PrivacyCharge(new GaussianEvent(5), 0.9, 1e-7, "mean");
        var state = filter.Empty;
        var previous = 0.0;
        for (var step = filter.TryAdmit(state, charge); step.Decision.Admitted; step = filter.TryAdmit(state, charge))
        {
            state = step.State;
            var spent = filter.Status(state).SpentEpsilon;
            Assert.True(spent > previous && spent <= 2);
            previous = spent;
        }
        Assert.True(state.Admitted >= 3);
    }
}
