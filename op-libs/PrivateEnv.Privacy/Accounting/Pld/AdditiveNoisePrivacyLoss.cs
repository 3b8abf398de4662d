using PrivateEnv.Privacy.Numerics;
namespace PrivateEnv.Privacy.Accounting.Pld;

/// <summary>
/// The privacy loss of an additive-noise mechanism, monotone non-increasing in the output x.
/// Subclasses give the exact hockey-stick curve δ(ε) and the range of losses worth discretising;
/// <see cref="ToPessimisticPmf"/> turns that into a PMF by connect-the-dots (Doroshenko, Ghazi,
/// Kamath, Kumar &amp; Manurangsi 2022, Algorithm 1), whose δ(ε) upper-bounds the true one.
/// </summary>
public abstract class AdditiveNoisePrivacyLoss
{
    /// <summary>The exact δ(ε) of the mechanism (hockey-stick divergence).</summary>
    public abstract double DeltaForEpsilon(double epsilon);

    /// <summary>Smallest and largest losses to put on the grid; losses beyond are handled by the tails.</summary>
    public abstract (double Lower, double Upper) ConnectDotsBounds();

    /// <summary>
    /// Pessimistic connect-the-dots PMF on the grid k·d for k from ⌊lower/d⌋ to ⌈upper/d⌉:
    /// with δ_i = δ(ε_i), p_1 = 1 − δ_1 + (δ_2−δ_1)/(e^d−1), p_i = ((δ_{i+1}−δ_i) − e^d(δ_i−δ_{i−1}))/(e^d−1),
    /// p_n = (δ_n−δ_{n−1})/(e^{−d}−1), and δ_n on +∞.
    /// </summary>
    public PrivacyLossPmf ToPessimisticPmf(double discretization)
    {
        var (lowerLoss, upperLoss) = ConnectDotsBounds();
        PrivacyLossPmf.RequirePoints(Math.Ceiling(upperLoss / discretization) - Math.Floor(lowerLoss / discretization) + 1);
        var lower = (long)Math.Floor(lowerLoss / discretization);
        var upper = (long)Math.Ceiling(upperLoss / discretization);
        var count = (int)(upper - lower + 1);
        var deltas = new double[count];
        for (var i = 0; i < count; i++) deltas[i] = Math.Clamp(DeltaForEpsilon((lower + i) * discretization), 0, 1);
        for (var i = 1; i < count; i++) deltas[i] = Math.Min(deltas[i], deltas[i - 1]); // enforce monotonicity
        if (count == 1) return new PrivacyLossPmf(discretization, lower, [1 - deltas[0]], deltas[0]);
        var probabilities = new double[count];
        var expm1 = SpecialFunctions.ExpM1(discretization);
        var exp = Math.Exp(discretization);
        probabilities[0] = 1 - deltas[0] + (deltas[1] - deltas[0]) / expm1;
        for (var i = 1; i < count - 1; i++)
            probabilities[i] = ((deltas[i + 1] - deltas[i]) - exp * (deltas[i] - deltas[i - 1])) / expm1;
        probabilities[count - 1] = (deltas[count - 1] - deltas[count - 2]) / SpecialFunctions.ExpM1(-discretization);
        for (var i = 0; i < count; i++) probabilities[i] = Math.Max(0, probabilities[i]);
        return new PrivacyLossPmf(discretization, lower, probabilities, deltas[count - 1]);
    }

    /// <summary>log(a·e^b + c), stable for large b; requires the argument to be positive.</summary>
    protected static double LogAExpBPlusC(double a, double b, double c)
    {
        if (b > 700 || a * Math.Exp(b) > 1e300) return Math.Log(a) + b + SpecialFunctions.Log1p(c / a * Math.Exp(-b));
        return Math.Log(a * Math.Exp(b) + c);
    }
}
