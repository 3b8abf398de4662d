namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// Budget arithmetic for DP-SGD with Poisson sampling: q = batchSize/sampleSize,
/// steps = ⌈epochs·sampleSize/batchSize⌉, each step a Gaussian with the given noise multiplier.
/// Bad input throws <see cref="ArgumentException"/> saying what to change.
/// </summary>
public static class PrivacyBudget
{
    public static BudgetEstimate Estimate(long sampleSize, long batchSize, double epochs, double noiseMultiplier, double targetDelta, AccountantKind accountant = AccountantKind.Rdp)
    {
        var (q, steps) = Schedule(sampleSize, batchSize, epochs);
        ValidateNoiseMultiplier(noiseMultiplier);
        ValidateDelta(targetDelta);
        var runEvent = Event(q, steps, noiseMultiplier);
        switch (accountant)
        {
            case AccountantKind.Rdp:
                var rdp = new RdpAccountant();
                rdp.Compose(runEvent);
                var (epsilon, order) = rdp.GetEpsilonAndOrder(targetDelta);
                return new BudgetEstimate(epsilon, order, steps, noiseMultiplier, q, accountant);
            case AccountantKind.Pld:
                var pld = new PldAccountant();
                pld.Compose(runEvent);
                return new BudgetEstimate(pld.GetEpsilon(targetDelta), null, steps, noiseMultiplier, q, accountant);
            default:
                throw new ArgumentException($"Unknown accountant {accountant}; use Rdp or Pld.", nameof(accountant));
        }
    }

    /// <summary>
    /// ε after each of <paramref name="epochs"/> whole epochs of one run (cumulative steps ⌊steps·k/epochs⌋,
    /// as the trainer runs them): a valid (ε, δ) for the first k epochs. PLD composes one epoch's distribution
    /// onto the running one instead of recomputing every prefix, so the cost is one run's, not epochs runs'.
    /// </summary>
    public static double[] EpsilonByEpoch(long sampleSize, long batchSize, int epochs, double noiseMultiplier, double targetDelta, AccountantKind accountant = AccountantKind.Rdp)
    {
        var (q, steps) = Schedule(sampleSize, batchSize, epochs);
        ValidateNoiseMultiplier(noiseMultiplier);
        ValidateDelta(targetDelta);
        var cumulative = Enumerable.Range(1, epochs).Select(k => steps * k / epochs).ToArray();
        var result = new double[epochs];
        switch (accountant)
        {
            case AccountantKind.Rdp:
                for (var k = 0; k < epochs; k++)
                {
                    var rdp = new RdpAccountant();
                    rdp.Compose(Event(q, cumulative[k], noiseMultiplier));
                    result[k] = rdp.GetEpsilonAndOrder(targetDelta).Epsilon;
                }
                return result;
            case AccountantKind.Pld:
                var step = Pld.PrivacyLossDistribution.FromGaussian(noiseMultiplier, q);
                var increments = new Dictionary<long, Pld.PrivacyLossDistribution>();
                Pld.PrivacyLossDistribution? total = null;
                for (var k = 0; k < epochs; k++)
                {
                    var count = cumulative[k] - (k == 0 ? 0 : cumulative[k - 1]);
                    if (count > 0)
                    {
                        if (!increments.TryGetValue(count, out var increment)) increments[count] = increment = step.SelfCompose(count);
                        total = total is null ? increment : total.Compose(increment);
                    }
                    result[k] = total?.GetEpsilonForDelta(targetDelta) ?? 0;
                }
                return result;
            default:
                throw new ArgumentException($"Unknown accountant {accountant}; use Rdp or Pld.", nameof(accountant));
        }
    }

    public static double CalibrateNoiseMultiplier(long sampleSize, long batchSize, double epochs, double targetEpsilon, double targetDelta, AccountantKind accountant = AccountantKind.Rdp)
    {
        var (q, steps) = Schedule(sampleSize, batchSize, epochs);
        ValidateDelta(targetDelta);
        if (!double.IsFinite(targetEpsilon) || targetEpsilon <= 0)
            throw new ArgumentException($"targetEpsilon must be a finite number > 0, got {targetEpsilon}.", nameof(targetEpsilon));
        if (accountant == AccountantKind.Rdp)
            return NoiseCalibration.SmallestNoiseMultiplier(sigma => Event(q, steps, sigma), targetEpsilon, targetDelta, AccountantKind.Rdp);
        if (accountant != AccountantKind.Pld)
            throw new ArgumentException($"Unknown accountant {accountant}; use Rdp or Pld.", nameof(accountant));
        // PLD is tighter than RDP, so the RDP answer is an upper bracket; stopping once the achieved ε is within
        // 0.001 of the target keeps it to a handful of PLD evaluations.
        var rdpSigma = NoiseCalibration.SmallestNoiseMultiplier(sigma => Event(q, steps, sigma), targetEpsilon, targetDelta, AccountantKind.Rdp, 1e-6);
        return NoiseCalibration.SmallestNoiseMultiplier(sigma => Event(q, steps, sigma), targetEpsilon, targetDelta, AccountantKind.Pld,
            relativeTolerance: 1e-6, initialGuess: rdpSigma, epsilonTolerance: 1e-3);
    }

    public static PrivacyEvent DpSgdEvent(long sampleSize, long batchSize, double epochs, double noiseMultiplier)
    {
        var (q, steps) = Schedule(sampleSize, batchSize, epochs);
        ValidateNoiseMultiplier(noiseMultiplier);
        return Event(q, steps, noiseMultiplier);
    }

    private static PrivacyEvent Event(double q, long steps, double noiseMultiplier) =>
        new SelfComposedEvent(new PoissonSampledEvent(q, new GaussianEvent(noiseMultiplier)), checked((int)steps));

    private static (double SamplingProbability, long Steps) Schedule(long sampleSize, long batchSize, double epochs)
    {
        if (sampleSize <= 0) throw new ArgumentException($"sampleSize must be > 0, got {sampleSize}.", nameof(sampleSize));
        if (batchSize <= 0) throw new ArgumentException($"batchSize must be > 0, got {batchSize}.", nameof(batchSize));
        if (batchSize > sampleSize)
            throw new ArgumentException($"batchSize ({batchSize}) cannot exceed sampleSize ({sampleSize}); use a smaller batch.", nameof(batchSize));
        if (!double.IsFinite(epochs) || epochs <= 0)
            throw new ArgumentException($"epochs must be a finite number > 0, got {epochs}.", nameof(epochs));
        var steps = Math.Ceiling(epochs * sampleSize / batchSize);
        if (steps > int.MaxValue)
            throw new ArgumentException($"The run would take {steps:G3} steps; at most {int.MaxValue} are supported. Use fewer epochs or larger batches.", nameof(epochs));
        return ((double)batchSize / sampleSize, (long)steps);
    }

    private static void ValidateNoiseMultiplier(double noiseMultiplier)
    {
        if (!double.IsFinite(noiseMultiplier) || noiseMultiplier <= 0)
            throw new ArgumentException($"noiseMultiplier must be a finite number > 0, got {noiseMultiplier}.", nameof(noiseMultiplier));
    }

    private static void ValidateDelta(double delta)
    {
        if (!(delta > 0 && delta < 1))
            throw new ArgumentException($"targetDelta must be in (0, 1), got {delta}; a common choice is below 1/sampleSize.", nameof(delta));
    }
}
