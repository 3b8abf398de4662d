namespace PrivateEnv.Privacy.Filters;

/// <summary>
/// Basic composition as a privacy filter: admit a charge (εᵢ, δᵢ) while Σεᵢ ≤ ε_cap and Σδᵢ ≤ δ_cap.
/// Valid for fully adaptive composition, where each charge's parameters are chosen after seeing earlier
/// results (Rogers, Roth, Ullman &amp; Vadhan 2016, "Privacy Odometers and Filters", Thm 3.6 basic filter).
/// A refused charge runs nothing (a zero-cost step), so later smaller charges may still be admitted.
/// </summary>
public sealed class BasicCompositionFilter : IPrivacyFilter
{
    public BasicCompositionFilter(double epsilonCap, double deltaCap)
    {
        PrivacyFilters.ValidateCaps(epsilonCap, deltaCap);
        EpsilonCap = epsilonCap;
        DeltaCap = deltaCap;
    }

    public double EpsilonCap { get; }
    public double DeltaCap { get; }

    public FilterDecision TryAdmit(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge next)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        ArgumentNullException.ThrowIfNull(next);
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
        ArgumentNullException.ThrowIfNull(admitted);
        var (epsilon, delta) = Spent(admitted);
        return new BudgetStatus(epsilon, delta, EpsilonCap, DeltaCap, "basic composition");
    }

    /// <summary>Compensated (Neumaier) sums, so ten charges of 0.1 fit a cap of 1.</summary>
    private static (double Epsilon, double Delta) Spent(IReadOnlyList<PrivacyCharge> admitted, PrivacyCharge? next = null)
    {
        var epsilon = new CompensatedSum();
        var delta = new CompensatedSum();
        foreach (var charge in next is null ? admitted : admitted.Append(next))
        {
            epsilon.Add(charge.Epsilon);
            delta.Add(charge.Delta);
        }
        return (epsilon.Value, delta.Value);
    }

    private struct CompensatedSum
    {
        private double sum, compensation;

        public void Add(double x)
        {
            var t = sum + x;
            compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }

        public readonly double Value => sum + compensation;
    }
}
