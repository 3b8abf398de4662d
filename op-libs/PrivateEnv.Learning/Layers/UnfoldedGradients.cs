using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>
/// Per-example gradients of a convolution seen as a matmul per example: with the input patches P_b (T×K: T = output
/// positions, K = channels·kernel) and the output gradient G_b (O×T), example b's weight gradient is G_b P_b (O×K) and
/// its bias gradient Σ_t G_b[·, t]. Both are materialised once per batch (B×O×K, B×O) and are exactly what the norm is
/// taken of and what the float64 clipped sum adds up. (A ghost norm from T×T Gram matrices would save the B×O×K
/// tensor, but its rounding differs from the sum's, and a crafted model can make the two disagree by orders of
/// magnitude: an example whose summed gradient is far larger than its computed norm.)
/// Patches come position-major ([batch, T, K]).
/// </summary>
internal static class UnfoldedGradients
{
    /// <summary>Squared norms [batch] (float64) of the weight (and bias) gradients from patches; keeps them for the clipped sum.</summary>
    public static Tensor SquaredNorms(CapturedActivation record, Tensor patches, Tensor g, bool useBias) =>
        MaterialisedNorms(record, g.bmm(patches), g, useBias);

    /// <summary>Squared norms [batch] from per-example weight gradients [batch, O, K] computed some other way; kept for the clipped sum.</summary>
    public static Tensor MaterialisedNorms(CapturedActivation record, Tensor perSampleWeight, Tensor g, bool useBias)
    {
        var norms = PerSampleMath.SquaredNormPerRow(perSampleWeight);
        if (!useBias)
        {
            record.KeptForClippedSum = [perSampleWeight];
            return norms;
        }
        var perSampleBias = g.sum(2);
        record.KeptForClippedSum = [perSampleWeight, perSampleBias];
        return norms + PerSampleMath.SquaredNormPerRow(perSampleBias);
    }

    /// <summary>Σ_b factors[b] · (weight gradient of b) as O×K, and the same for the bias when it has one, in float64.</summary>
    public static Tensor[] ClippedSums(CapturedActivation record, Tensor factors)
    {
        var kept = record.KeptForClippedSum ?? throw new InvalidOperationException("Norms must be computed before the clipped sum.");
        return kept.Select(t => PerSampleMath.WeightedSum(t, factors)).ToArray();
    }
}
