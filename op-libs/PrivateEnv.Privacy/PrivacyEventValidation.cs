namespace PrivateEnv.Privacy;

/// <summary>
/// Checks a privacy event received as data before anyone computes its cost: every parameter in its domain (so no
/// part can cancel another's cost with a negative ε), no missing parts, and a bounded tree (so costing it is quick).
/// The ledger runs this on every charge a worker sends; messages quote only the event's own parameters.
/// </summary>
public static class PrivacyEventValidation
{
    /// <summary>Deepest nesting accepted (an honest charge nests at most four deep).</summary>
    public const int MaxDepth = 32;

    /// <summary>Most nodes accepted in one event.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Most leaves that need δ (Gaussian-type, zCDP or approximate-DP parts) in one event; each costs accountant work.</summary>
    public const int MaxApproximateLeaves = 32;

    public static void Validate(PrivacyEvent? privacyEvent)
    {
        var nodes = 0;
        var approximateLeaves = 0;
        Visit(privacyEvent, 1, ref nodes, ref approximateLeaves);
    }

    private static void Visit(PrivacyEvent? e, int depth, ref int nodes, ref int approximateLeaves)
    {
        if (e is null) throw new ArgumentException("A privacy event has a missing part.");
        if (depth > MaxDepth) throw new ArgumentException($"A privacy event nests more than {MaxDepth} levels deep.");
        if (++nodes > MaxNodes) throw new ArgumentException($"A privacy event has more than {MaxNodes:N0} parts.");
        switch (e)
        {
            case PureDpEvent p:
                NonNegative(p.Epsilon, "A pure DP event's ε");
                break;
            case LaplaceEvent l:
                NonNegative(l.Sensitivity, "A Laplace event's sensitivity");
                Positive(l.Scale, "A Laplace event's scale");
                break;
            case ApproximateDpEvent a:
                NonNegative(a.Epsilon, "An approximate DP event's ε");
                if (!(a.Delta >= 0 && a.Delta <= 1)) throw new ArgumentException($"An approximate DP event's δ must be in [0, 1], got {a.Delta}.");
                if (a.Delta > 0) Count(ref approximateLeaves);
                break;
            case ZcdpEvent z:
                NonNegative(z.Rho, "A zCDP event's ρ");
                Count(ref approximateLeaves);
                break;
            case GaussianEvent g:
                Positive(g.NoiseMultiplier, "A Gaussian event's noise multiplier");
                Count(ref approximateLeaves);
                break;
            case DiscreteGaussianEvent d:
                if (d.Sensitivity < 0) throw new ArgumentException($"A discrete Gaussian event's sensitivity must be ≥ 0, got {d.Sensitivity}.");
                Positive(d.SigmaSquared, "A discrete Gaussian event's σ²");
                Count(ref approximateLeaves);
                break;
            case PoissonSampledEvent s:
                if (!(s.SamplingProbability >= 0 && s.SamplingProbability <= 1))
                    throw new ArgumentException($"A sampling probability must be in [0, 1], got {s.SamplingProbability}.");
                Visit(s.Inner, depth + 1, ref nodes, ref approximateLeaves);
                break;
            case SelfComposedEvent c:
                if (c.Count < 0) throw new ArgumentException($"A composition count must be ≥ 0, got {c.Count}.");
                Visit(c.Inner, depth + 1, ref nodes, ref approximateLeaves);
                break;
            case ComposedEvent c:
                if (c.Events is null) throw new ArgumentException("A composed privacy event has no list of parts.");
                foreach (var part in c.Events) Visit(part, depth + 1, ref nodes, ref approximateLeaves);
                break;
            default:
                throw new ArgumentException($"Unknown privacy event kind {e.GetType().Name}.");
        }
    }

    private static void Count(ref int approximateLeaves)
    {
        if (++approximateLeaves > MaxApproximateLeaves)
            throw new ArgumentException($"A privacy event has more than {MaxApproximateLeaves} parts that need δ.");
    }

    private static void NonNegative(double value, string what)
    {
        if (!(double.IsFinite(value) && value >= 0)) throw new ArgumentException($"{what} must be finite and ≥ 0, got {value}.");
    }

    private static void Positive(double value, string what)
    {
        if (!(double.IsFinite(value) && value > 0)) throw new ArgumentException($"{what} must be finite and > 0, got {value}.");
    }
}
