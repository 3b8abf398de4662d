using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>
/// Group normalisation over [channels, ...] inputs (Wu &amp; He 2018): statistics per example and
/// channel group, so examples stay independent — the DP-compatible replacement for BatchNorm.
/// </summary>
public sealed class GroupNorm : Layer, IPerSampleGradientLayer
{
    private Parameter? scale;
    private Parameter? shift;
    private long channels;

    public GroupNorm(int groups, double epsilon = 1e-5, int[]? inputShape = null) : base(inputShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        Groups = groups;
        Epsilon = epsilon;
    }

    public override string Kind => "GroupNorm";
    public int Groups { get; }
    public double Epsilon { get; }

    protected override void CreateParameters(int[] inputShape)
    {
        if (inputShape.Length < 1 || inputShape[0] % Groups != 0)
            throw new ArgumentException($"GroupNorm({Groups}) needs [channels, ...] inputs whose channel count is a multiple of {Groups}, got [{string.Join(", ", inputShape)}].");
        channels = inputShape[0];
        scale = AddParameter("weight", ones(channels));
        shift = AddParameter("bias", zeros(channels));
    }

    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        var normalised = nn.functional.group_norm(input, Groups, eps: Epsilon);
        var view = new long[] { 1, channels }.Concat(Enumerable.Repeat(1L, (int)input.dim() - 2)).ToArray();
        var z = normalised * scale!.view(view) + shift!.view(view);
        capture?.Record(this, normalised, z);
        return z;
    }

    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g)
    {
        var perSampleScale = (g * record.Input).reshape(g.shape[0], channels, -1).sum(2);
        var perSampleShift = g.reshape(g.shape[0], channels, -1).sum(2);
        record.KeptForClippedSum = new[] { perSampleScale, perSampleShift };
        return PerSampleMath.SquaredNormPerRow(perSampleScale) + PerSampleMath.SquaredNormPerRow(perSampleShift);
    }

    Tensor[] IPerSampleGradientLayer.ClippedSums(CapturedActivation record, Tensor g, Tensor factors)
    {
        var perSample = record.KeptForClippedSum ?? throw new InvalidOperationException("Norms must be computed before the clipped sum.");
        return [PerSampleMath.WeightedSum(perSample[0], factors), PerSampleMath.WeightedSum(perSample[1], factors)];
    }

    internal override JsonObject ToConfig() => new() { ["groups"] = Groups, ["epsilon"] = Epsilon, ["input_shape"] = ShapeJson(InputShape) };

    public override string ToString() => $"GroupNorm({Groups})";
}
