using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Server.Sessions;

namespace PrivateEnv.Server.Tests;

/// <summary>
/// What the server makes of a charge a (possibly compromised) worker sends: the recorded ε is never below the
/// event's own cost, crafted events are refused, and no event makes the server recurse without end or work for long.
/// These are the red team's ledger attacks (round 2, F4).
/// </summary>
public class IncomingChargeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly PrivacyEvent DpSgd = PrivacyBudget.DpSgdEvent(10_000, 200, 3, 1.1);

    [Fact]
    public void An_honest_charge_is_recorded_at_its_claim_or_its_cost_whichever_is_larger()
    {
        var cost = PrivacyCost.Epsilon(DpSgd, 1e-6, AccountantKind.Pld);
        var (over, _) = IncomingCharge.Verify(DpSgd.ToJson(), cost + 0.5, 1e-6, "fit");
        Assert.Equal(cost + 0.5, over!.Epsilon, 12);
        var (under, _) = IncomingCharge.Verify(DpSgd.ToJson(), 0.001, 1e-6, "fit");
        Assert.Equal(cost, under!.Epsilon, 9);
    }

    [Fact]
    public void A_negative_part_that_would_cancel_a_cost_is_refused()
    {
        var heavy = new GaussianEvent(0.3);
        var json = new ComposedEvent([new PureDpEvent(-PrivacyCost.Epsilon(heavy, 1e-6)), heavy]).ToJson();
        Assert.Equal((null, IncomingCharge.Malformed), IncomingCharge.Verify(json, 0.1, 1e-6, "crafted"));
    }

    [Fact]
    public void Two_parts_that_need_delta_are_costed_together_not_recursed_on()
    {
        var gaussian = new DiscreteGaussianEvent(1025, 1e8);
        var json = new ComposedEvent([DpSgd, gaussian, new ComposedEvent([DpSgd, new PureDpEvent(0.1)])]).ToJson();
        var (charge, refusal) = IncomingCharge.Verify(json, 0, 1e-6, "two runs");
        Assert.Null(refusal);
        Assert.True(charge!.Epsilon > PrivacyCost.Epsilon(DpSgd, 1e-6, AccountantKind.Rdp) + 0.1 && double.IsFinite(charge.Epsilon));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"kind":"pure"}""")]
    [InlineData("""{"kind":"unknown","epsilon":1}""")]
    [InlineData("""{"kind":"gaussian","noise_multiplier":-1}""")]
    [InlineData("""{"kind":"self_composed","count":-5,"inner":{"kind":"pure","epsilon":1}}""")]
    [InlineData("""{"kind":"poisson_sampled","sampling_probability":"NaN","inner":{"kind":"gaussian","noise_multiplier":1}}""")]
    [InlineData("""{"kind":"composed","events":[null]}""")]
    public void Crafted_events_are_refused_and_quote_nothing_from_the_request(string json)
    {
        var (charge, refusal) = IncomingCharge.Verify(json, 1, 1e-6, "crafted");
        Assert.Null(charge);
        Assert.Equal(IncomingCharge.Malformed, refusal);
    }

    [Fact]
    public void Events_that_certify_nothing_finite_are_refused()
    {
        Assert.Equal((null, IncomingCharge.NoFiniteEpsilon), IncomingCharge.Verify(new GaussianEvent(1).ToJson(), 1, 0, "δ = 0"));
        Assert.Equal((null, IncomingCharge.NoFiniteEpsilon), IncomingCharge.Verify(new DiscreteGaussianEvent(1, 1e-300).ToJson(), 1, 1e-6, "no noise"));
    }

    /// <summary>
    /// Events chosen to make the server work: a discrete Gaussian of σ ≈ 10¹⁵ (its curve was summed term by term),
    /// 32 distinct sampled Gaussians of 300,000 steps each (PLD would build 32 loss distributions: 15 s), a
    /// 100,000-part pure composition, the deepest nesting allowed, and red team round 3's PLD blow-ups: an (ε, δ)
    /// part of ε = 2000 (a dense 4·10⁷-point PLD: 20 s, 5.8 GB), of ε = 8000 (out of memory) and of ε = 10³⁰⁰
    /// (an index overflow), two Gaussians of σ ≈ 0.02 (53 s, 11 GB) and 10⁷ sampled steps at q = 0.3 (30 s,
    /// 8.6 GB). PLD now refuses more than 2²² points and runs for one δ-needing part only; each of these is costed
    /// in under 0.1 s and a few MB (the log prints times).
    /// </summary>
    [Fact]
    public void Costly_looking_events_are_costed_without_long_work()
    {
        var events = new PrivacyEvent[]
        {
            new DiscreteGaussianEvent(1, 1e30),
            new DiscreteGaussianEvent(1 << 20, 3e13),
            new ComposedEvent(Enumerable.Range(0, 32).Select(i => (PrivacyEvent)new SelfComposedEvent(new PoissonSampledEvent(0.001 + i * 1e-4, new GaussianEvent(0.7 + i * 0.01)), 300_000)).ToArray()),
            new ComposedEvent(Enumerable.Range(0, PrivacyEventValidation.MaxNodes - 1).Select(_ => (PrivacyEvent)new PureDpEvent(1e-6)).ToArray()),
            Enumerable.Range(0, PrivacyEventValidation.MaxDepth - 1).Aggregate((PrivacyEvent)new GaussianEvent(2), (inner, _) => new SelfComposedEvent(inner, 1)),
            new ComposedEvent([new ApproximateDpEvent(2000, 1e-9), new GaussianEvent(1)]),
            new ComposedEvent([new ApproximateDpEvent(8000, 1e-9), new GaussianEvent(1)]),
            new ComposedEvent([new ApproximateDpEvent(1e300, 1e-9), new GaussianEvent(1)]),
            new ComposedEvent([new GaussianEvent(0.02), new GaussianEvent(0.0201)]),
            new SelfComposedEvent(new PoissonSampledEvent(0.3, new GaussianEvent(1)), 10_000_000),
            new SelfComposedEvent(new PoissonSampledEvent(0.5, new GaussianEvent(0.02)), 10),
        };
        foreach (var e in events)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (charge, refusal) = IncomingCharge.Verify(e.ToJson(), 0, 1e-5, "costly");
            output.WriteLine($"{e.ToJson()[..Math.Min(80, e.ToJson().Length)]}: ε {charge?.Epsilon:G6} in {watch.Elapsed.TotalSeconds:F2} s");
            Assert.Null(refusal);
            Assert.True(double.IsFinite(charge!.Epsilon) && charge.Epsilon >= 0);
            Assert.True(charge.Epsilon >= PrivacyCost.Epsilon(e, 1e-5, AccountantKind.Rdp) || charge.Epsilon >= PrivacyCost.Epsilon(e, 1e-5, AccountantKind.Pld) * (1 - 1e-9));
        }
    }
}
