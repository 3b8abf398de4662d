using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>Fully connected layer on the last dimension: activation(x·Wᵀ + b).</summary>
public sealed class Dense : Layer, IPerSampleGradientLayer
{
    private Parameter? weight;
    private Parameter? bias;

    public Dense(int units, string? activation = null, bool useBias = true, int[]? inputShape = null) : base(inputShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        Units = units;
        Activation = Activations.Normalise(activation);
        UseBias = useBias;
    }

    public override string Kind => "Dense";
    public int Units { get; }
    public string Activation { get; }
    public bool UseBias { get; }

    protected override void CreateParameters(int[] inputShape)
    {
        if (inputShape.Length < 1) throw new ArgumentException("Dense needs inputs with at least one dimension.");
        long inFeatures = inputShape[^1];
        weight = AddParameter("weight", UniformInit(new[] { (long)Units, inFeatures }, inFeatures));
        if (UseBias) bias = AddParameter("bias", UniformInit(new[] { (long)Units }, inFeatures));
    }

    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        var z = nn.functional.linear(input, weight!, bias);
        capture?.Record(this, input, z);
        return Activations.Apply(Activation, z);
    }

    // For 2-D inputs the per-example weight gradient is the outer product g_b a_bᵀ: its entries are products of two
    // float32 numbers, exact in float64, so ‖g_b‖²‖a_b‖² in float64 ("ghost norm") is the norm of what the float64
    // sum (f·g)ᵀa adds up, and nothing per example is materialised. With more dimensions (sequences) an example's
    // gradient sums over positions, where float arithmetic could cancel differently in a norm formula and in the sum:
    // there the per-example gradients are materialised once, in float64, and both the norm and the sum use them.
    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g)
    {
        var a = PerSampleMath.Wide(record.Input);
        var wide = PerSampleMath.Wide(g);
        if (a.dim() == 2)
        {
            var gNorms = wide.pow(2).sum(1);
            var norms = gNorms * a.pow(2).sum(1);
            return UseBias ? norms + gNorms : norms;
        }
        var g3 = wide.flatten(1, -2);
        var perSampleWeight = einsum("bto,bti->boi", g3, a.flatten(1, -2));
        var perSampleBias = g3.sum(1);
        record.KeptForClippedSum = UseBias ? [perSampleWeight, perSampleBias] : [perSampleWeight];
        var result = PerSampleMath.SquaredNormPerRow(perSampleWeight);
        return UseBias ? result + PerSampleMath.SquaredNormPerRow(perSampleBias) : result;
    }

    Tensor[] IPerSampleGradientLayer.ClippedSums(CapturedActivation record, Tensor g, Tensor factors)
    {
        if (record.KeptForClippedSum is { } kept) return kept.Select(t => PerSampleMath.WeightedSum(t, factors)).ToArray();
        var scaled = PerSampleMath.Wide(g) * factors.view(-1, 1);
        var weightSum = scaled.t().mm(PerSampleMath.Wide(record.Input));
        return bias is null ? [weightSum] : [weightSum, scaled.sum(0L)];
    }

    internal override JsonObject ToConfig() => new()
    {
        ["units"] = Units,
        ["activation"] = Activation,
        ["use_bias"] = UseBias,
        ["input_shape"] = ShapeJson(InputShape),
    };

    public override string ToString() => $"Dense({Units}, {Activation})";
}
