using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>
/// Per-example gradients of a convolution seen as a matmul per example: with the input patches P_b
/// (T×K: T = output positions, K = channels·kernel) and the output gradient G_b (O×T), example b's
/// weight gradient is G_b P_b (O×K). Two exact routes, chosen per layer by size ("mixed ghost
/// clipping", Bu et al. 2022): materialise the B×O×K per-example gradients when O·K ≤ T²; otherwise
/// the ghost norm ‖G_b P_b‖²_F = ⟨P_bP_bᵀ, G_bᵀG_b⟩ from two T×T Gram matrices, and the clipped sum
/// is then one matmul of the factor-scaled G with P, so nothing per-example of size O·K exists.
/// Patches come position-major ([batch, T, K]); contiguous ones let the batch and position dimensions
/// merge into one matmul dimension without a copy (Conv2D makes them so; Conv1D passes a view, copied only
/// on the ghost route).
/// </summary>
internal static class UnfoldedGradients
{
    /// <summary>Squared norms [batch] of the weight (and bias) gradients; keeps what the clipped sum will need in <paramref name="record"/>.</summary>
    public static Tensor SquaredNorms(CapturedActivation record, Tensor patches, Tensor g, bool useBias)
    {
        long outputs = g.shape[1], positions = g.shape[2], width = patches.shape[2];
        if (positions * positions >= outputs * width) return MaterialisedNorms(record, g.bmm(patches), g, useBias);
        // The Gram matrices in float64 (see PerSampleMath.SquaredNormPerRow); the patches kept for the sum stay float32.
        var widePatches = PerSampleMath.Wide(patches);
        var wideGradient = PerSampleMath.Wide(g);
        var patchGram = widePatches.bmm(widePatches.transpose(1, 2));
        var gradientGram = wideGradient.transpose(1, 2).bmm(wideGradient);
        record.KeptForClippedSum = [patches];
        record.KeptIsGhost = true;
        var norms = (patchGram * gradientGram).flatten(1).sum(1);
        return useBias ? norms + BiasSquaredNorms(g) : norms;
    }

    /// <summary>Squared norms [batch] from per-example weight gradients [batch, O, K] computed some other way; kept for the clipped sum.</summary>
    public static Tensor MaterialisedNorms(CapturedActivation record, Tensor perSampleWeight, Tensor g, bool useBias)
    {
        record.KeptForClippedSum = [perSampleWeight];
        record.KeptIsGhost = false;
        var norms = PerSampleMath.SquaredNormPerRow(perSampleWeight);
        return useBias ? norms + BiasSquaredNorms(g) : norms;
    }

    private static Tensor BiasSquaredNorms(Tensor g) => PerSampleMath.Wide(g).sum(2).pow(2).sum(1);

    /// <summary>Σ_b factors[b] · (weight gradient of b) as O×K, and the same for the bias when it has one.</summary>
    public static (Tensor Weight, Tensor? Bias) ClippedSums(CapturedActivation record, Tensor g, Tensor factors, bool useBias)
    {
        var kept = record.KeptForClippedSum ?? throw new InvalidOperationException("Norms must be computed before the clipped sum.");
        long outputs = g.shape[1];
        Tensor weight;
        if (record.KeptIsGhost)
        {
            var patches = kept[0];
            var scaled = g * factors.view(-1, 1, 1);
            weight = scaled.permute(1, 0, 2).reshape(outputs, -1).mm(patches.reshape(-1, patches.shape[2]));
        }
        else weight = PerSampleMath.WeightedSum(kept[0], factors);
        var bias = useBias ? factors.view(1, -1).mm(g.sum(2)).view(outputs) : null;
        return (weight, bias);
    }
}
