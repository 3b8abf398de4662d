using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>Layer normalisation over the last dimension, with a learned scale and shift per feature.</summary>
public sealed class LayerNorm : Layer, IPerSampleGradientLayer
{
    private Parameter? scale;
    private Parameter? shift;
    private long features;

    public LayerNorm(double epsilon = 1e-5, int[]? inputShape = null) : base(inputShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        Epsilon = epsilon;
    }

    public override string Kind => "LayerNorm";
    public double Epsilon { get; }

    protected override void CreateParameters(int[] inputShape)
    {
        if (inputShape.Length < 1) throw new ArgumentException("LayerNorm needs inputs with at least one dimension.");
        features = inputShape[^1];
        scale = AddParameter("weight", ones(features));
        shift = AddParameter("bias", zeros(features));
    }

    // The recorded input is the normalised x̂; the output is x̂·γ + β, so per-example ∂γ = Σ g·x̂ and ∂β = Σ g.
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        var normalised = nn.functional.layer_norm(input, new[] { features }, eps: Epsilon);
        var z = normalised * scale! + shift!;
        capture?.Record(this, normalised, z);
        return z;
    }

    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g)
    {
        var perSampleScale = (g * record.Input).reshape(g.shape[0], -1, features).sum(1);
        var perSampleShift = g.reshape(g.shape[0], -1, features).sum(1);
        record.KeptForClippedSum = new[] { perSampleScale, perSampleShift };
        return PerSampleMath.SquaredNormPerRow(perSampleScale) + PerSampleMath.SquaredNormPerRow(perSampleShift);
    }

    Tensor[] IPerSampleGradientLayer.ClippedSums(CapturedActivation record, Tensor g, Tensor factors)
    {
        var perSample = record.KeptForClippedSum ?? throw new InvalidOperationException("Norms must be computed before the clipped sum.");
        return [PerSampleMath.WeightedSum(perSample[0], factors), PerSampleMath.WeightedSum(perSample[1], factors)];
    }

    internal override JsonObject ToConfig() => new() { ["epsilon"] = Epsilon, ["input_shape"] = ShapeJson(InputShape) };
}
