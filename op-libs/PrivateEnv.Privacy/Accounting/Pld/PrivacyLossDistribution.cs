namespace PrivateEnv.Privacy.Accounting.Pld;

/// <summary>
/// A mechanism's privacy loss distributions for both neighbour directions (remove and add);
/// (ε, δ) statements take the worse of the two. Symmetric mechanisms keep one PMF.
/// </summary>
public sealed class PrivacyLossDistribution
{
    /// <summary>dp_accounting's default value_discretization_interval.</summary>
    public const double DefaultDiscretization = 1e-4;

    private PrivacyLossDistribution(PrivacyLossPmf remove, PrivacyLossPmf? add)
    {
        Remove = remove;
        Add = add;
    }

    public PrivacyLossPmf Remove { get; }
    public PrivacyLossPmf? Add { get; }

    public static PrivacyLossDistribution Identity(double discretization = DefaultDiscretization) =>
        new(PrivacyLossPmf.Identity(discretization), null);

    /// <summary>Gaussian with standard deviation σ (in units of the sensitivity), optionally Poisson-subsampled at rate q.</summary>
    public static PrivacyLossDistribution FromGaussian(double standardDeviation, double samplingProbability = 1, double discretization = DefaultDiscretization)
    {
        if (samplingProbability >= 1)
            return new PrivacyLossDistribution(new GaussianPrivacyLoss(standardDeviation).ToPessimisticPmf(discretization), null);
        var (remove, add) = Both(
            () => new GaussianPrivacyLoss(standardDeviation, 1, samplingProbability, AdjacencyType.Remove).ToPessimisticPmf(discretization),
            () => new GaussianPrivacyLoss(standardDeviation, 1, samplingProbability, AdjacencyType.Add).ToPessimisticPmf(discretization));
        return new PrivacyLossDistribution(remove, add);
    }

    public static PrivacyLossDistribution FromLaplace(double scale, double sensitivity, double discretization = DefaultDiscretization) =>
        new(new LaplacePrivacyLoss(scale, sensitivity).ToPessimisticPmf(discretization), null);

    /// <summary>
    /// The worst-case PLD of an (ε, δ)-DP mechanism: δ on +∞, (1−δ)/(1+e^{−ε}) on ε and
    /// (1−δ)e^{−ε}/(1+e^{−ε}) on −ε (Kairouz, Oh &amp; Viswanath 2015), losses rounded up to the grid.
    /// </summary>
    public static PrivacyLossDistribution FromPrivacyParameters(double epsilon, double delta, double discretization = DefaultDiscretization)
    {
        if (!(epsilon >= 0) || !double.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"ε must be finite and ≥ 0, got {epsilon}.");
        if (!(delta >= 0 && delta <= 1)) throw new ArgumentOutOfRangeException(nameof(delta), $"δ must be in [0, 1], got {delta}.");
        PrivacyLossPmf.RequirePoints(2 * Math.Ceiling(epsilon / discretization) + 1);
        var upper = (long)Math.Ceiling(epsilon / discretization);
        var lower = (long)Math.Ceiling(-epsilon / discretization);
        double[] probabilities;
        if (upper == lower) probabilities = [1 - delta];
        else
        {
            probabilities = new double[upper - lower + 1];
            probabilities[0] = (1 - delta) * Math.Exp(-epsilon) / (1 + Math.Exp(-epsilon));
            probabilities[^1] = (1 - delta) / (1 + Math.Exp(-epsilon));
        }
        return new PrivacyLossDistribution(new PrivacyLossPmf(discretization, lower, probabilities, delta), null);
    }

    public PrivacyLossDistribution Compose(PrivacyLossDistribution other)
    {
        var remove = Remove.Compose(other.Remove);
        var add = Add is null && other.Add is null ? null : (Add ?? Remove).Compose(other.Add ?? other.Remove);
        return new PrivacyLossDistribution(remove, add);
    }

    public PrivacyLossDistribution SelfCompose(long times)
    {
        if (Add is null) return new(Remove.SelfCompose(times), null);
        var (remove, add) = Both(() => Remove.SelfCompose(times), () => Add.SelfCompose(times));
        return new(remove, add);
    }

    /// <summary>The two directions are independent: compute them on two cores.</summary>
    private static (PrivacyLossPmf, PrivacyLossPmf) Both(Func<PrivacyLossPmf> first, Func<PrivacyLossPmf> second)
    {
        PrivacyLossPmf? a = null, b = null;
        Parallel.Invoke(() => a = first(), () => b = second());
        return (a!, b!);
    }

    public double GetEpsilonForDelta(double delta) =>
        Math.Max(Remove.EpsilonForDelta(delta), Add?.EpsilonForDelta(delta) ?? double.NegativeInfinity);

    public double GetDeltaForEpsilon(double epsilon) =>
        Math.Max(Remove.DeltaForEpsilon(epsilon), Add?.DeltaForEpsilon(epsilon) ?? 0);
}
