using PrivateEnv.Privacy.Filters;

namespace PrivateEnv.Privacy.Tests;

/// <summary>The incremental filters against the list form they replace, and their stored state.</summary>
public class FilterStateTests
{
    [Theory]
    [InlineData("basic")]
    [InlineData("renyi")]
    public void Incremental_filters_decide_random_sequences_bit_for_bit_as_the_list_form(string name)
    {
        var random = new Random(name == "basic" ? 16 : 61);
        var (admittedCount, refusedCount) = (0, 0);
        for (var trial = 0; trial < 80; trial++)
        {
            var epsilonCap = 0.5 + random.NextDouble() * 4.5;
            var deltaCap = random.Next(3) switch { 0 => 1e-5, 1 => 1e-6, _ => 1e-7 + random.NextDouble() * 1e-5 };
            var filter = PrivacyFilters.Create(name, epsilonCap, deltaCap);
            IListFormFilter listForm = name == "basic" ? new ListFormBasicCompositionFilter(epsilonCap, deltaCap) : new ListFormRenyiFilter(epsilonCap, deltaCap);
            var admitted = new List<PrivacyCharge>();
            var state = filter.Empty;
            for (var k = 0; k < 60; k++)
            {
                var request = RandomRequest(random);
                var expected = listForm.TryAdmit(admitted, request);
                var step = filter.TryAdmit(state, request);
                AssertSameBits(expected, step.Decision, $"trial {trial}, charge {k}");
                if (expected.Admitted)
                {
                    admitted.Add(request);
                    admittedCount++;
                }
                else
                {
                    refusedCount++;
                    Assert.Same(state, step.State);
                }
                // Through JSON each time, as the ledger keeps it.
                state = filter.ReadState(step.State.ToJson());
                Assert.Equal(admitted.Count, state.Admitted);
                AssertSameBits(listForm.Status(admitted), filter.Status(state), $"trial {trial}, status after charge {k}");
            }
            // Rebuilding from the record gives the very state the decisions built.
            Assert.Equal(state.ToJson(), filter.StateOf(admitted).ToJson());
        }
        Assert.True(admittedCount > 500 && refusedCount > 500, $"admitted {admittedCount}, refused {refusedCount}: the sequences must test both answers");
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("renyi")]
    public void A_stored_state_reads_back_to_the_same_bits(string name)
    {
        var filter = PrivacyFilters.Create(name, 1e6, 0.5);
        var random = new Random(7);
        var charges = Enumerable.Range(0, 50).Select(_ => RandomRequest(random)).ToList();
        // A ρ this large overflows the Rényi curve to +∞, which JSON has no number for.
        charges.Add(new PrivacyCharge(new ZcdpEvent(1e308), 1e5, 0, "overflowing curve"));
        var state = filter.StateOf(charges);
        var json = state.ToJson();
        var read = filter.ReadState(json);
        Assert.Equal(json, read.ToJson());
        AssertSameBits(filter.Status(state), filter.Status(read), "status");
        var next = PrivacyCharge.Pure(0.25, "next");
        AssertSameBits(filter.TryAdmit(state, next).Decision, filter.TryAdmit(read, next).Decision, "next decision");
    }

    [Fact]
    public void The_stored_form_is_invariant_json_with_round_trip_doubles()
    {
        var filter = new BasicCompositionFilter(1, 1e-5);
        var state = filter.StateOf(Enumerable.Repeat(new PrivacyCharge(new ApproximateDpEvent(0.1, 1e-7), 0.1, 1e-7, "tenth"), 10));
        Assert.Equal("""{"filter":"basic","admitted":10,"epsilon_sum":0.9999999999999999,"epsilon_compensation":1.6653345369377348E-16,"delta_sum":1E-06,"delta_compensation":0}""", state.ToJson());
        // The compensation survives storage: ten tenths are exactly the cap of 1, not 0.9999999999999999.
        Assert.Equal(1.0, filter.Status(filter.ReadState(state.ToJson())).SpentEpsilon);
    }

    [Fact]
    public void A_state_is_only_read_by_the_kind_of_filter_that_wrote_it()
    {
        var basic = new BasicCompositionFilter(1, 1e-5);
        var renyi = new RenyiFilter(1, 1e-5);
        var otherOrders = new RenyiFilter(1, 1e-5, orders: [2, 4, 8]);
        Assert.Throws<FormatException>(() => basic.ReadState(renyi.Empty.ToJson()));
        Assert.Throws<FormatException>(() => renyi.ReadState(basic.Empty.ToJson()));
        Assert.Throws<FormatException>(() => otherOrders.ReadState(renyi.Empty.ToJson()));
        Assert.Throws<FormatException>(() => renyi.ReadState("""{"filter":"renyi","admitted":-1,"orders":[],"curve":[],"approximate_delta":0}"""));
        Assert.Throws<FormatException>(() => basic.ReadState("not json"));
        Assert.Throws<FormatException>(() => basic.ReadState("""{"filter":"basic","admitted":1}"""));
        Assert.Throws<ArgumentException>(() => renyi.TryAdmit(basic.Empty, PrivacyCharge.Pure(0.1, "x")));
        Assert.Throws<ArgumentException>(() => otherOrders.TryAdmit(renyi.Empty, PrivacyCharge.Pure(0.1, "x")));
        // The same kind with other caps reads it: caps live with the session, not in the state.
        Assert.Equal(1, new BasicCompositionFilter(5, 1e-6).ReadState(basic.StateOf([PrivacyCharge.Pure(1, "one")]).ToJson()).Admitted);
    }

    /// <summary>The filter tests' mix, plus exact tenths, free charges and charges too big for any cap here.</summary>
    private static PrivacyCharge RandomRequest(Random random) => random.Next(10) switch
    {
        0 => PrivacyCharge.Pure(0.1, "tenth"),
        1 => PrivacyCharge.Pure(0, "free"),
        2 => PrivacyCharge.Pure(1 + random.NextDouble() * 5, "big"),
        3 => new PrivacyCharge(new ZcdpEvent(random.NextDouble() * 0.05), 0.3, 1e-7, "zcdp"),
        4 => new PrivacyCharge(new LaplaceEvent(1, 2 + random.NextDouble() * 20), 0.2, 0, "laplace"),
        _ => FilterTests.RandomCharge(random),
    };

    private static void AssertSameBits(FilterDecision expected, FilterDecision actual, string where)
    {
        Assert.True(expected.Admitted == actual.Admitted, $"{where}: admitted {actual.Admitted}, the list form {expected.Admitted}");
        AssertSameBits(expected.NeededEpsilon, actual.NeededEpsilon, where + ", needed ε");
        AssertSameBits(expected.RemainingEpsilon, actual.RemainingEpsilon, where + ", remaining ε");
        AssertSameBits(expected.TotalEpsilon, actual.TotalEpsilon, where + ", total ε");
        AssertSameBits(expected.NeededDelta, actual.NeededDelta, where + ", needed δ");
        AssertSameBits(expected.RemainingDelta, actual.RemainingDelta, where + ", remaining δ");
        AssertSameBits(expected.TotalDelta, actual.TotalDelta, where + ", total δ");
    }

    private static void AssertSameBits(BudgetStatus expected, BudgetStatus actual, string where)
    {
        AssertSameBits(expected.SpentEpsilon, actual.SpentEpsilon, where + ", spent ε");
        AssertSameBits(expected.SpentDelta, actual.SpentDelta, where + ", spent δ");
        Assert.Equal((expected.EpsilonCap, expected.DeltaCap, expected.Rule), (actual.EpsilonCap, actual.DeltaCap, actual.Rule));
    }

    private static void AssertSameBits(double expected, double actual, string where) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{where}: {actual:R}, the list form {expected:R}");
}
