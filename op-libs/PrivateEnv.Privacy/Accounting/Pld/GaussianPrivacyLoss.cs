using PrivateEnv.Privacy.Numerics;
using static PrivateEnv.Privacy.Numerics.SpecialFunctions;

namespace PrivateEnv.Privacy.Accounting.Pld;

/// <summary>
/// Privacy loss of the Gaussian mechanism N(0, σ²) with sensitivity Δ, optionally on a Poisson
/// sample of rate q (the DP-SGD step). Remove: upper (1−q)μ(x)+qμ(x+Δ), lower μ(x);
/// Add: upper μ(x), lower (1−q)μ(x)+qμ(x−Δ). Tails beyond mass e^{−50} are discarded
/// pessimistically, as in dp_accounting.
/// </summary>
public sealed class GaussianPrivacyLoss : AdditiveNoisePrivacyLoss
{
    private const double LogMassTruncationBound = -50;
    private readonly double sigma;
    private readonly double sensitivity;
    private readonly double q;
    private readonly AdjacencyType adjacency;

    public GaussianPrivacyLoss(double standardDeviation, double sensitivity = 1, double samplingProbability = 1, AdjacencyType adjacency = AdjacencyType.Remove)
    {
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation)) throw new ArgumentOutOfRangeException(nameof(standardDeviation), $"σ must be finite and > 0, got {standardDeviation}.");
        if (!(sensitivity > 0)) throw new ArgumentOutOfRangeException(nameof(sensitivity), $"Sensitivity must be > 0, got {sensitivity}.");
        if (!(samplingProbability > 0 && samplingProbability <= 1)) throw new ArgumentOutOfRangeException(nameof(samplingProbability), $"q must be in (0, 1], got {samplingProbability}.");
        sigma = standardDeviation;
        this.sensitivity = sensitivity;
        q = samplingProbability;
        this.adjacency = adjacency;
    }

    /// <summary>Loss at output x: Remove log(1−q+q·e^{L₀}), Add −log(1−q+q·e^{−L₀}), L₀ the unsampled loss.</summary>
    public double PrivacyLoss(double x)
    {
        var unsampled = adjacency == AdjacencyType.Add
            ? sensitivity * (0.5 * sensitivity - x) / (sigma * sigma)
            : sensitivity * (-0.5 * sensitivity - x) / (sigma * sigma);
        if (q == 1) return unsampled;
        return adjacency == AdjacencyType.Add
            ? -LogAExpBPlusC(q, -unsampled, 1 - q)
            : LogAExpBPlusC(q, unsampled, 1 - q);
    }

    /// <summary>The largest x whose loss is at least the given loss.</summary>
    private double InversePrivacyLoss(double loss)
    {
        double unsampled;
        if (q == 1) unsampled = loss;
        else if (adjacency == AdjacencyType.Add)
        {
            if (loss >= -SpecialFunctions.Log1p(-q)) return double.NegativeInfinity;
            unsampled = -LogAExpBPlusC(1 / q, -loss, 1 - 1 / q);
        }
        else
        {
            if (loss <= SpecialFunctions.Log1p(-q)) return double.PositiveInfinity;
            unsampled = LogAExpBPlusC(1 / q, loss, 1 - 1 / q);
        }
        return adjacency == AdjacencyType.Add
            ? 0.5 * sensitivity - unsampled * sigma * sigma / sensitivity
            : -0.5 * sensitivity - unsampled * sigma * sigma / sensitivity;
    }

    private double UpperCdf(double x)
    {
        if (adjacency == AdjacencyType.Add) return NormalCdf(x / sigma);
        if (q == 1) return NormalCdf((x + sensitivity) / sigma);
        return (1 - q) * NormalCdf(x / sigma) + q * NormalCdf((x + sensitivity) / sigma);
    }

    private double LowerLogCdf(double x)
    {
        if (adjacency == AdjacencyType.Remove) return LogNormalCdf(x / sigma);
        if (q == 1) return LogNormalCdf((x - sensitivity) / sigma);
        return LogAdd(SpecialFunctions.Log1p(-q) + LogNormalCdf(x / sigma), Math.Log(q) + LogNormalCdf((x - sensitivity) / sigma));
    }

    public override double DeltaForEpsilon(double epsilon)
    {
        if (q < 1 && adjacency == AdjacencyType.Add && epsilon >= -SpecialFunctions.Log1p(-q)) return 0;
        if (q < 1 && adjacency == AdjacencyType.Remove && epsilon <= SpecialFunctions.Log1p(-q)) return -SpecialFunctions.ExpM1(epsilon);
        var x = InversePrivacyLoss(epsilon);
        if (double.IsNegativeInfinity(x)) return 0;
        var delta = UpperCdf(x) - Math.Exp(epsilon + LowerLogCdf(x));
        return Math.Clamp(delta, 0, 1);
    }

    public override (double Lower, double Upper) ConnectDotsBounds()
    {
        var lowerX = sigma * InverseNormalCdf(0.5 * Math.Exp(LogMassTruncationBound));
        var upperX = -lowerX;
        if (adjacency == AdjacencyType.Add) upperX += sensitivity; else lowerX -= sensitivity;
        return (PrivacyLoss(upperX), PrivacyLoss(lowerX));
    }
}
