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
}
