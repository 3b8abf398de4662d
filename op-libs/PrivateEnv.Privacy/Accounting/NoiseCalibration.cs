namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// Finds the smallest noise multiplier whose event meets a target ε at δ. ε(σ) is non-increasing
/// in σ for every supported event, so a doubling bracket and bisection suffice; the answer is the
/// upper end of the final bracket, so it always meets the target.
/// </summary>
public static class NoiseCalibration
{
    /// <summary>Relative width of the final σ bracket.</summary>
    public const double DefaultRelativeTolerance = 1e-9;

    public static double SmallestNoiseMultiplier(Func<double, PrivacyEvent> eventForNoiseMultiplier, double targetEpsilon, double delta,
        AccountantKind accountant = AccountantKind.Rdp, double relativeTolerance = DefaultRelativeTolerance, double? initialGuess = null)
    {
        ArgumentNullException.ThrowIfNull(eventForNoiseMultiplier);
        if (!double.IsFinite(targetEpsilon) || targetEpsilon <= 0)
            throw new ArgumentException($"The target ε must be a finite number > 0, got {targetEpsilon}.", nameof(targetEpsilon));
        double EpsilonAt(double sigma) => PrivacyAccountants.EpsilonOf(eventForNoiseMultiplier(sigma), delta, accountant);

        var high = initialGuess is > 0 ? initialGuess.Value : 1.0;
        var low = 0.0;
        if (EpsilonAt(high) <= targetEpsilon)
        {
            // Walk down to find a σ that misses the target.
            low = high / 2;
            while (EpsilonAt(low) <= targetEpsilon)
            {
                high = low;
                low /= 2;
                if (low < 1e-6) throw new ArgumentException($"Even a noise multiplier of {high:G3} meets ε = {targetEpsilon}; the target is too loose to calibrate.");
            }
        }
        else
        {
            while (EpsilonAt(high) > targetEpsilon)
            {
                low = high;
                high *= 2;
                if (high > 1e6) throw new ArgumentException($"No noise multiplier up to 1e6 reaches ε = {targetEpsilon} at δ = {delta}; raise ε or δ, or use fewer steps.");
            }
        }
        while ((high - low) > relativeTolerance * high)
        {
            var mid = 0.5 * (low + high);
            if (EpsilonAt(mid) <= targetEpsilon) high = mid; else low = mid;
        }
        return high;
    }
}
