using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Tests;

/// <summary>The ledger's own figure for a charge, from its event: never less than the event costs.</summary>
public class PrivacyCostTests
{
    [Fact]
    public void Pure_parts_add_up_and_need_no_delta()
    {
        var composed = new ComposedEvent([new PureDpEvent(0.3), new LaplaceEvent(2, 4), new SelfComposedEvent(new PureDpEvent(0.1), 3)]);
        Assert.Equal(0.3 + 0.5 + 0.3, PrivacyCost.Epsilon(composed, 0), 12);
    }

    [Fact]
    public void A_dp_sgd_run_costs_what_the_budget_estimate_says_and_its_delta_goes_to_it()
    {
        var run = PrivacyBudget.DpSgdEvent(10_000, 200, 3, 1.1);
        var estimate = PrivacyBudget.Estimate(10_000, 200, 3, 1.1, 1e-6);
        Assert.Equal(estimate.Epsilon, PrivacyCost.Epsilon(run, 1e-6), 9);
        Assert.Equal(estimate.Epsilon + 0.2, PrivacyCost.Epsilon(new ComposedEvent([run, new PureDpEvent(0.1), new PureDpEvent(0.1)]), 1e-6), 9);
        Assert.True(double.IsPositiveInfinity(PrivacyCost.Epsilon(run, 0)));
    }

    [Fact]
    public void A_discrete_gaussian_costs_at_most_the_epsilon_it_was_calibrated_for()
    {
        var part = new GaussianValue(1025, 0.5, 1e-6);
        var cost = PrivacyCost.Epsilon(part.Event, 1e-6);
        Assert.InRange(cost, 0.49, 0.5);
        var gaussian = (DiscreteGaussianEvent)part.Event;
        Assert.True(GaussianCalibration.DiscreteGaussianDelta(gaussian.SigmaSquared, gaussian.Sensitivity, cost) <= 1e-6 * (1 + 1e-9));
    }

    [Fact]
    public void The_ledger_records_the_larger_of_the_claim_and_the_cost()
    {
        var run = PrivacyBudget.DpSgdEvent(10_000, 200, 3, 1.1);
        var rdp = PrivacyCost.Epsilon(run, 1e-6, AccountantKind.Rdp);
        var pld = PrivacyCost.Epsilon(run, 1e-6, AccountantKind.Pld);
        Assert.True(pld < rdp);
        // A worker that under-reports is charged the event's cost; PLD stands when the claim is below RDP's figure.
        Assert.Equal(pld, PrivacyCost.Verified(new PrivacyCharge(run, 0.01, 1e-6, "under-reported")), 9);
        Assert.Equal(rdp + 1, PrivacyCost.Verified(new PrivacyCharge(run, rdp + 1, 1e-6, "over-reported")), 12);
        Assert.Equal(0.4, PrivacyCost.Verified(new PrivacyCharge(new PureDpEvent(0.4), 0.1, 0, "pure")), 12);
        Assert.Equal(0.5, PrivacyCost.Verified(new PrivacyCharge(new PureDpEvent(0.4), 0.5, 0, "asked more")), 12);
    }

    [Fact]
    public void Huge_compositions_are_verified_by_rdp_alone()
    {
        var huge = new SelfComposedEvent(PrivacyBudget.DpSgdEvent(60_000, 1, 1, 5), 50);
        var verified = PrivacyCost.Verified(new PrivacyCharge(huge, 0, 1e-5, "huge"));
        Assert.Equal(PrivacyCost.Epsilon(huge, 1e-5, AccountantKind.Rdp), verified, 9);
    }

    /// <summary>
    /// A worker that is not trusted can send any event: a negative pure part must not cancel another part's cost
    /// (Composed[Pure(−5), heavy Gaussian] once verified a claim of 0.1 for a Gaussian costing about 5).
    /// </summary>
    [Fact]
    public void A_negative_part_cannot_cancel_another_parts_cost()
    {
        var heavy = new GaussianEvent(0.3);
        var trueCost = PrivacyCost.Epsilon(heavy, 1e-6);
        Assert.True(trueCost > 5);
        var crafted = new ComposedEvent([new PureDpEvent(-trueCost + 0.05), heavy]);
        Assert.Throws<ArgumentException>(() => PrivacyCost.Verified(new PrivacyCharge(crafted, 0.1, 1e-6, "crafted")));
        Assert.Throws<ArgumentException>(() => PrivacyCost.Epsilon(new ComposedEvent([new LaplaceEvent(-1, 0.1), heavy]), 1e-6));
    }

    public static TheoryData<string> MalformedEvents() => new()
    {
        """{"kind":"pure","epsilon":-1}""",
        """{"kind":"pure","epsilon":"NaN"}""",
        """{"kind":"laplace","sensitivity":1,"scale":0}""",
        """{"kind":"approximate","epsilon":1,"delta":2}""",
        """{"kind":"zcdp","rho":-0.5}""",
        """{"kind":"gaussian","noise_multiplier":0}""",
        """{"kind":"discrete_gaussian","sensitivity":-3,"sigma_squared":100}""",
        """{"kind":"discrete_gaussian","sensitivity":3,"sigma_squared":"Infinity"}""",
        """{"kind":"poisson_sampled","sampling_probability":1.5,"inner":{"kind":"gaussian","noise_multiplier":1}}""",
        """{"kind":"poisson_sampled","sampling_probability":0.5,"inner":null}""",
        """{"kind":"self_composed","inner":{"kind":"gaussian","noise_multiplier":1},"count":-2}""",
        """{"kind":"composed","events":null}""",
        """{"kind":"composed","events":[{"kind":"pure","epsilon":1},null]}""",
        string.Concat(Enumerable.Repeat("""{"kind":"self_composed","count":1,"inner":""", 40)) + """{"kind":"pure","epsilon":1}""" + new string('}', 40),
        """{"kind":"composed","events":[""" + string.Join(",", Enumerable.Repeat("""{"kind":"gaussian","noise_multiplier":5}""", 33)) + "]}",
    };

    /// <summary>Every malformed event the ledger could receive is refused with an <see cref="ArgumentException"/> (or fails to parse).</summary>
    [Theory]
    [MemberData(nameof(MalformedEvents))]
    public void Malformed_events_are_refused(string json)
    {
        PrivacyEvent parsed;
        try { parsed = PrivacyEvent.FromJson(json); }
        catch (System.Text.Json.JsonException) { return; }
        Assert.Throws<ArgumentException>(() => PrivacyCost.Verified(new PrivacyCharge(parsed, 1, 1e-6, "malformed")));
    }

    /// <summary>
    /// Several parts that need δ are composed by the accountant when it can (this recursed without end before),
    /// and by basic composition with δ split evenly when it cannot (approximate-DP parts).
    /// </summary>
    [Fact]
    public void Several_parts_that_need_delta_compose()
    {
        var run = PrivacyBudget.DpSgdEvent(10_000, 200, 3, 1.1);
        var gaussian = new GaussianValue(1025, 0.5, 1e-7).Event;
        var both = PrivacyCost.Epsilon(new ComposedEvent([run, gaussian, new PureDpEvent(0.25)]), 1e-6);
        Assert.True(both > PrivacyCost.Epsilon(run, 1e-6) + 0.25 && double.IsFinite(both));
        var twoApproximate = new ComposedEvent([new ApproximateDpEvent(0.7, 1e-7), new ApproximateDpEvent(0.4, 2e-7), new PureDpEvent(0.1)]);
        Assert.Equal(1.2, PrivacyCost.Epsilon(twoApproximate, 1e-6), 12);
        Assert.True(double.IsPositiveInfinity(PrivacyCost.Epsilon(twoApproximate, 3e-7)));
        // The ledger then tries PLD, which composes (ε, δ) parts a little more tightly than basic composition.
        Assert.InRange(PrivacyCost.Verified(new PrivacyCharge(twoApproximate, 0.5, 1e-6, "under-reported")), 1.19, 1.2 + 1e-12);
    }

    /// <summary>
    /// Events at the edges of their domains cost what they should and take little work: a discrete Gaussian with
    /// σ² ≈ 0 is (ε, 1)-DP only, so it costs +∞ (its curve once overflowed e^ε·0 into NaN and stopped at ε = 1024);
    /// a sampled Gaussian with q ≈ 0 and huge σ once rounded to a negative RDP value and was refused; a composition
    /// PLD cannot discretise falls back to RDP's figure; many δ-needing parts are not run through PLD one by one.
    /// </summary>
    [Fact]
    public void Edge_events_cost_what_they_should()
    {
        Assert.True(double.IsPositiveInfinity(PrivacyCost.Epsilon(new DiscreteGaussianEvent(1, 1e-300), 1e-6)));
        Assert.True(double.IsPositiveInfinity(PrivacyCost.Verified(new PrivacyCharge(new DiscreteGaussianEvent(1 << 20, 1e-3), 1, 1e-6, "no noise"))));
        var faint = new SelfComposedEvent(new PoissonSampledEvent(1e-9, new GaussianEvent(1e6)), 300_000);
        var faintCost = PrivacyCost.Epsilon(faint, 1e-6);
        Assert.InRange(faintCost, 0, 1e-3);
        var wide = new ComposedEvent(Enumerable.Range(0, 3).Select(i => (PrivacyEvent)new SelfComposedEvent(new PoissonSampledEvent(0.999 - i * 1e-3, new GaussianEvent(1e-3)), 1000)).ToArray());
        Assert.Equal(PrivacyCost.Epsilon(wide, 1e-6, AccountantKind.Rdp), PrivacyCost.Verified(new PrivacyCharge(wide, 0, 1e-6, "wide")), 9);
        var many = new ComposedEvent(Enumerable.Range(0, PrivacyCost.MaxPldParts + 1).Select(i => (PrivacyEvent)PrivacyBudget.DpSgdEvent(10_000 + i, 200, 3, 1.1)).ToArray());
        Assert.Equal(PrivacyCost.Epsilon(many, 1e-6, AccountantKind.Rdp), PrivacyCost.Verified(new PrivacyCharge(many, 0, 1e-6, "many")), 9);
    }
}
