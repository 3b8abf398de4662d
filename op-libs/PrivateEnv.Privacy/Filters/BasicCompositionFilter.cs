namespace PrivateEnv.Privacy.Filters;

/// <summary>
/// Basic composition as a privacy filter: admit a charge (εᵢ, δᵢ) while Σεᵢ ≤ ε_cap and Σδᵢ ≤ δ_cap.
/// Valid for fully adaptive composition, where each charge's parameters are chosen after seeing earlier
/// results (Rogers, Roth, Ullman &amp; Vadhan 2016, "Privacy Odometers and Filters", Thm 3.6 basic filter).
/// A refused charge runs nothing (a zero-cost step), so later smaller charges may still be admitted.
/// Its state is the two sums, compensated (Neumaier) so ten charges of 0.1 fit a cap of 1.
/// </summary>
public sealed class BasicCompositionFilter : IPrivacyFilter
{
    private const string Name = "basic";

    public BasicCompositionFilter(double epsilonCap, double deltaCap)
    {
        PrivacyFilters.ValidateCaps(epsilonCap, deltaCap);
        EpsilonCap = epsilonCap;
        DeltaCap = deltaCap;
    }

    public double EpsilonCap { get; }
    public double DeltaCap { get; }

    public FilterState Empty { get; } = new Spent(0, default, default);

    public FilterStep TryAdmit(FilterState state, PrivacyCharge next)
    {
        var before = Own(state);
        ArgumentNullException.ThrowIfNull(next);
        next.Validate();
        var after = before.Add(next);
        var remainingEpsilon = EpsilonCap - before.Epsilon.Value;
        var remainingDelta = DeltaCap - before.Delta.Value;
        var fits = after.Epsilon.Value <= EpsilonCap && after.Delta.Value <= DeltaCap;
        return fits
            ? new FilterStep(FilterDecision.Admit(next.Epsilon, remainingEpsilon - next.Epsilon, EpsilonCap, next.Delta, remainingDelta - next.Delta, DeltaCap), after)
            : new FilterStep(FilterDecision.Refuse(next.Epsilon, remainingEpsilon, EpsilonCap, next.Delta, remainingDelta, DeltaCap), before);
    }

    public FilterState Include(FilterState state, PrivacyCharge admitted)
    {
        var before = Own(state);
        ArgumentNullException.ThrowIfNull(admitted);
        admitted.Validate();
        return before.Add(admitted);
    }

    public BudgetStatus Status(FilterState state)
    {
        var spent = Own(state);
        return new BudgetStatus(spent.Epsilon.Value, spent.Delta.Value, EpsilonCap, DeltaCap, "basic composition");
    }

    public FilterState ReadState(string json) => FilterStateJson.Read(json, Name, (root, admitted) => new Spent(admitted,
        new CompensatedSum(FilterStateJson.ReadDouble(root, "epsilon_sum"), FilterStateJson.ReadDouble(root, "epsilon_compensation")),
        new CompensatedSum(FilterStateJson.ReadDouble(root, "delta_sum"), FilterStateJson.ReadDouble(root, "delta_compensation"))));

    private static Spent Own(FilterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state as Spent ?? throw new ArgumentException($"This is the state of a '{state.Filter}' filter, not of a basic composition filter.", nameof(state));
    }

    /// <summary>Σε and Σδ of the admitted charges.</summary>
    private sealed class Spent(long admitted, CompensatedSum epsilon, CompensatedSum delta) : FilterState(Name, admitted)
    {
        public CompensatedSum Epsilon { get; } = epsilon;
        public CompensatedSum Delta { get; } = delta;

        public Spent Add(PrivacyCharge charge) => new(Admitted + 1, Epsilon.Add(charge.Epsilon), Delta.Add(charge.Delta));

        public override string ToJson() => FilterStateJson.Write(Name, Admitted, writer =>
        {
            FilterStateJson.WriteDouble(writer, "epsilon_sum", Epsilon.Sum);
            FilterStateJson.WriteDouble(writer, "epsilon_compensation", Epsilon.Compensation);
            FilterStateJson.WriteDouble(writer, "delta_sum", Delta.Sum);
            FilterStateJson.WriteDouble(writer, "delta_compensation", Delta.Compensation);
        });
    }
}
