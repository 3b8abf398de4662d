namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// Finds the smallest noise multiplier whose event meets a target ε at δ. ε(σ) is non-increasing
/// in σ for every supported event, so a doubling bracket and bisection suffice; the answer is the
/// upper end of the final bracket, so it always meets the target. Stops when the bracket is narrower than
/// relativeTolerance·σ or the achieved ε is within epsilonTolerance below the target.
/// </summary>
public static class NoiseCalibration
{
    /// <summary>Relative width of the final σ bracket.</summary>
    public const double DefaultRelativeTolerance = 1e-9;

    public static double SmallestNoiseMultiplier(Func<double, PrivacyEvent> eventForNoiseMultiplier, double targetEpsilon, double delta,
        AccountantKind accountant = AccountantKind.Rdp, double relativeTolerance = DefaultRelativeTolerance, double? initialGuess = null,
        double epsilonTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(eventForNoiseMultiplier);
        if (!double.IsFinite(targetEpsilon) || targetEpsilon <= 0)
            throw new ArgumentException($"The target ε must be a finite number > 0, got {targetEpsilon}.", nameof(targetEpsilon));
        var memo = new Dictionary<double, double>();
        double EpsilonAt(double sigma)
        {
            if (!memo.TryGetValue(sigma, out var epsilon))
                memo[sigma] = epsilon = PrivacyAccountants.EpsilonOf(eventForNoiseMultiplier(sigma), delta, accountant);
            return epsilon;
        }

        var high = initialGuess is > 0 ? initialGuess.Value : 1.0;
        var low = 0.0;
        if (EpsilonAt(high) <= targetEpsilon)
        {
            // Walk down in small steps: a good initial guess is usually within a few percent.
            low = high * 0.85;
            while (EpsilonAt(low) <= targetEpsilon)
            {
                high = low;
                low *= 0.85;
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
        // Illinois (modified regula falsi) on f = log ε − log target against log σ, where the curve is close to a
        // straight line. It keeps the bracket f(low) > 0 ≥ f(high) and bisects when a secant step is unusable.
        double F(double sigma) => Math.Log(EpsilonAt(sigma)) - Math.Log(targetEpsilon);
        var fHigh = F(high);
        var fLow = low > 0 ? F(low) : double.PositiveInfinity;
        var side = 0;
        while (high - low > relativeTolerance * high && targetEpsilon - EpsilonAt(high) > epsilonTolerance)
        {
            double mid;
            if (low > 0 && double.IsFinite(fLow))
            {
                var logLow = Math.Log(low);
                var logHigh = Math.Log(high);
                mid = Math.Exp(logHigh - fHigh * (logHigh - logLow) / (fHigh - fLow));
            }
            else mid = 0.5 * (low + high);
            if (!(mid > low && mid < high)) mid = 0.5 * (low + high);
            var fMid = F(mid);
            if (fMid <= 0)
            {
                high = mid; fHigh = fMid;
                if (side == -1) fLow /= 2;
                side = -1;
            }
            else
            {
                low = mid; fLow = fMid;
                if (side == 1) fHigh /= 2;
                side = 1;
            }
        }
        return high;
    }
}
