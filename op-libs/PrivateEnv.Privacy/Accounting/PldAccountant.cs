using PrivateEnv.Privacy.Accounting.Pld;

namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// Privacy loss distribution accountant (Koskela, Jälkö &amp; Honkela 2020; Doroshenko et al. 2022
/// "Connect the Dots"): each event becomes a pessimistic discretised PLD, compositions are FFT
/// convolutions, and (ε, δ) are read off the hockey-stick curve. Supports Gaussian,
/// Poisson-subsampled Gaussian, Laplace, pure and approximate DP events.
/// </summary>
public sealed class PldAccountant : IPrivacyAccountant
{
    private readonly double discretization;
    private PrivacyLossDistribution? distribution;

    public PldAccountant(double discretization = PrivacyLossDistribution.DefaultDiscretization)
    {
        if (!(discretization > 0) || !double.IsFinite(discretization))
            throw new ArgumentOutOfRangeException(nameof(discretization), $"The discretisation interval must be finite and > 0, got {discretization}.");
        this.discretization = discretization;
    }

    public void Compose(PrivacyEvent privacyEvent)
    {
        ArgumentNullException.ThrowIfNull(privacyEvent);
        var added = DistributionOf(privacyEvent, 1);
        if (added is null) return;
        distribution = distribution is null ? added : distribution.Compose(added);
    }

    public double GetEpsilon(double delta)
    {
        if (!(delta >= 0 && delta <= 1)) throw new ArgumentOutOfRangeException(nameof(delta), $"δ must be in [0, 1], got {delta}.");
        return distribution?.GetEpsilonForDelta(delta) ?? 0;
    }

    public double GetDelta(double epsilon)
    {
        if (double.IsNaN(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), "ε must be a number.");
        return distribution?.GetDeltaForEpsilon(epsilon) ?? 0;
    }

    /// <summary>The PLD of an event composed <paramref name="count"/> times; null for an empty composition.</summary>
    private PrivacyLossDistribution? DistributionOf(PrivacyEvent privacyEvent, long count)
    {
        switch (privacyEvent)
        {
            case SelfComposedEvent s:
                if (s.Count < 0) throw new ArgumentException($"A composition count must be ≥ 0, got {s.Count}.");
                return s.Count == 0 ? null : DistributionOf(s.Inner, checked(count * s.Count));
            case ComposedEvent c:
                PrivacyLossDistribution? total = null;
                foreach (var inner in c.Events)
                {
                    var next = DistributionOf(inner, count);
                    if (next is not null) total = total is null ? next : total.Compose(next);
                }
                return total;
            case GaussianEvent g:
                // count Gaussians of σ compose exactly to one Gaussian of σ/√count.
                if (!(g.NoiseMultiplier > 0)) throw new NotSupportedException("A Gaussian with noise multiplier 0 is not differentially private.");
                return PrivacyLossDistribution.FromGaussian(g.NoiseMultiplier / Math.Sqrt(count), 1, discretization);
            case PoissonSampledEvent { Inner: GaussianEvent g } p:
                if (!(g.NoiseMultiplier > 0)) throw new NotSupportedException("A Gaussian with noise multiplier 0 is not differentially private.");
                if (p.SamplingProbability == 0) return null;
                return PrivacyLossDistribution.FromGaussian(g.NoiseMultiplier, p.SamplingProbability, discretization).SelfCompose(count);
            case LaplaceEvent l:
                return l.Sensitivity == 0 ? null : PrivacyLossDistribution.FromLaplace(l.Scale, l.Sensitivity, discretization).SelfCompose(count);
            case PureDpEvent pure:
                return pure.Epsilon == 0 ? null : PrivacyLossDistribution.FromPrivacyParameters(pure.Epsilon, 0, discretization).SelfCompose(count);
            case ApproximateDpEvent a:
                return PrivacyLossDistribution.FromPrivacyParameters(a.Epsilon, a.Delta, discretization).SelfCompose(count);
            default:
                throw new NotSupportedException(
                    $"The PLD accountant cannot account a {privacyEvent.GetType().Name}; use the RDP accountant for zCDP events.");
        }
    }
}
