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

    // For 2-D inputs the per-example weight gradient is the outer product g_b a_bᵀ, whose squared
    // norm is ‖g_b‖²‖a_b‖² ("ghost norm"), so nothing per-example is materialised.
    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g)
    {
        // In float64 throughout: a float32 ‖g‖² can underflow to 0 while g·a does not (see PerSampleMath).
        var a = PerSampleMath.Wide(record.Input);
        var wide = PerSampleMath.Wide(g);
        if (a.dim() == 2)
        {
            var gNorms = wide.pow(2).sum(1);
            var norms = gNorms * a.pow(2).sum(1);
            return UseBias ? norms + gNorms : norms;
        }
        var a3 = a.flatten(1, -2);
        var g3 = wide.flatten(1, -2);
        var perSampleWeight = einsum("bto,bti->boi", g3, a3);
        var result = PerSampleMath.SquaredNormPerRow(perSampleWeight);
        return UseBias ? result + PerSampleMath.SquaredNormPerRow(g3.sum(1)) : result;
    }

    void IPerSampleGradientLayer.AccumulateClippedSum(CapturedActivation record, Tensor g, Tensor factors)
    {
        var scaled = (g * PerSampleMath.Broadcast(factors, g.dim())).reshape(-1, Units);
        var a = record.Input.reshape(-1, record.Input.shape[^1]);
        weight!.grad = scaled.t().mm(a);
        if (bias is not null) bias.grad = scaled.sum(0L);
    }

    internal override JsonObject ToConfig() => new()
    {
        ["units"] = Units, ["activation"] = Activation, ["use_bias"] = UseBias, ["input_shape"] = ShapeJson(InputShape),
    };

    public override string ToString() => $"Dense({Units}, {Activation})";
}
