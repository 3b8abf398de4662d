using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Tests;

/// <summary>The release primitive's contract: public grids, exact sums, charge first, each part's noise once.</summary>
public class ReleasePrimitiveTests
{
    private sealed class Charger(bool refuse = false) : IPrivacyCharger
    {
        public List<PrivacyCharge> Charges { get; } = [];
        public void Charge(PrivacyCharge charge)
        {
            if (refuse) throw new BudgetExceededException(new BudgetRefusal(BudgetScope.Session, null, charge.Epsilon, 0, 1, 0, 0, 0));
            Charges.Add(charge);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 5)]
    [InlineData(12, 60)]
    [InlineData(-1e-9, 3e-10)]
    [InlineData(0, 1e12)]
    public void The_grid_is_a_power_of_two_fixed_by_the_bounds_with_two_to_the_twenty_units_or_more(double lower, double upper)
    {
        var bounds = ContributionBounds.Range(lower, upper);
        Assert.Equal(Math.ScaleB(1, Math.ILogB(bounds.Granularity)), bounds.Granularity);
        Assert.InRange(bounds.MaxUnits, 1L << 20, (1L << 21) + 1);
        Assert.Equal(bounds.MaxUnits, Math.Max(Math.Abs(bounds.Snap(lower)), Math.Abs(bounds.Snap(upper))));
        Assert.Equal(bounds.Snap(upper), bounds.Snap(upper * 10 + 1));          // clamped
        Assert.Equal(bounds.Snap(Math.Clamp(0, lower, upper)), bounds.Snap(double.NaN)); // NaN counts as 0 clamped
    }

    [Fact]
    public void Sums_of_snapped_values_are_exact_in_any_order()
    {
        var bounds = ContributionBounds.Range(-1, 1);
        var values = Enumerable.Range(0, 10_000).Select(i => Math.Sin(i) * 1e-3 + (i % 3 == 0 ? 1e-17 : 0.9999999)).ToArray();
        long forward = 0, backward = 0;
        foreach (var v in values) forward += bounds.Snap(v);
        foreach (var v in values.Reverse()) backward += bounds.Snap(v);
        Assert.Equal(forward, backward);
        // One more row moves the sum by at most MaxUnits grid units.
        Assert.True(Math.Abs(bounds.Snap(1e300)) <= bounds.MaxUnits && Math.Abs(bounds.Snap(-1e300)) <= bounds.MaxUnits);
    }

    [Fact]
    public void Releases_land_on_the_public_grid()
    {
        var bounds = ContributionBounds.Range(12, 60);
        var part = new LaplaceSums(bounds, 1, 0.3);
        DpRelease.Charge(new Charger(), "sum", part);
        var value = part.Release(bounds.Snap(33.37) + bounds.Snap(12.5));
        Assert.Equal(0, Math.IEEERemainder(value, bounds.Granularity));
    }

    [Fact]
    public void Noise_needs_a_recorded_charge_and_comes_once()
    {
        var part = new LaplaceSums(ContributionBounds.Indicator, 1, 1);
        Assert.Throws<InvalidOperationException>(() => part.Release(3));
        var refused = new LaplaceSums(ContributionBounds.Indicator, 1, 1);
        Assert.Throws<BudgetExceededException>(() => DpRelease.Charge(new Charger(refuse: true), "refused", refused));
        Assert.Throws<InvalidOperationException>(() => refused.Release(3));
        var charger = new Charger();
        DpRelease.Charge(charger, "count", part);
        part.Release(3);
        Assert.Throws<InvalidOperationException>(() => part.Release(3));
        Assert.Throws<InvalidOperationException>(() => DpRelease.Charge(charger, "again", part));
        var grouped = new NoisyArgMax(4, 1, 1, disjointGroups: 2);
        DpRelease.Charge(charger, "two groups", grouped);
        grouped.Release([1, 2, 3, 4]);
        grouped.Release([1, 2, 3, 4]);
        Assert.Throws<InvalidOperationException>(() => grouped.Release([1, 2, 3, 4]));
    }

    [Fact]
    public void One_charge_composes_the_parts_and_keeps_the_description_short()
    {
        var charger = new Charger();
        DpRelease.Charge(charger, new string('d', 1000), new LaplaceSums(ContributionBounds.Indicator, 1, 0.25), new NoisyArgMax(3, 1, 0.5));
        var charge = Assert.Single(charger.Charges);
        Assert.Equal(0.75, charge.Epsilon, 12);
        Assert.Equal(0, charge.Delta);
        Assert.Equal(2, Assert.IsType<ComposedEvent>(charge.Event).Events.Count);
        Assert.Equal(DpRelease.MaxDescriptionLength, charge.Description.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1e-7)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(2e9)]
    public void Epsilon_outside_the_floor_and_ceiling_is_refused_before_any_charge(double eps)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceSums(ContributionBounds.Indicator, 1, eps));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoisyArgMax(2, 1, eps));
    }
}
