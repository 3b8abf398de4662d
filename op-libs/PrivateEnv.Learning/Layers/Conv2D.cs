using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>2-D convolution over [channels, height, width] inputs with square kernels.</summary>
public sealed class Conv2D : Layer, IPerSampleGradientLayer
{
    /// <summary>Pass as padding for "same" output size (stride 1, odd kernel).</summary>
    public const int Same = ConvolutionGeometry.Same;

    private Parameter? weight;
    private Parameter? bias;
    private int padding;
    private long inChannels;

    public Conv2D(int filters, int kernelSize, int strides = 1, int padding = 0, string? activation = null,
        int dilation = 1, bool useBias = true, int[]? inputShape = null) : base(inputShape)
    {
        ConvolutionGeometry.Validate(filters, kernelSize, strides, dilation);
        Filters = filters; KernelSize = kernelSize; Strides = strides; Dilation = dilation; UseBias = useBias;
        Padding = padding;
        this.padding = ConvolutionGeometry.ResolvePadding(padding, kernelSize, strides, dilation, Kind);
        Activation = Activations.Normalise(activation);
    }

    public override string Kind => "Conv2D";
    public int Filters { get; }
    public int KernelSize { get; }
    public int Strides { get; }
    public int Padding { get; }
    public int Dilation { get; }
    public bool UseBias { get; }
    public string Activation { get; }

    protected override void CreateParameters(int[] inputShape)
    {
        RequireRank(inputShape, 3, Kind, "[channels, height, width]");
        inChannels = inputShape[0];
        long fanIn = inChannels * KernelSize * KernelSize;
        weight = AddParameter("weight", UniformInit(new[] { (long)Filters, inChannels, KernelSize, KernelSize }, fanIn));
        if (UseBias) bias = AddParameter("bias", UniformInit(new[] { (long)Filters }, fanIn));
    }

    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        var z = nn.functional.conv2d(input, weight!, bias, new long[] { Strides, Strides }, new long[] { padding, padding }, new long[] { Dilation, Dilation });
        capture?.Record(this, input, z);
        return Activations.Apply(Activation, z);
    }

    // Per-example weight gradient = g_b (O×L) · unfold(a_b)ᵀ (L×C·k·k): one batched matmul (Opacus' unfold trick).
    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g)
    {
        var columns = nn.functional.unfold(record.Input, (KernelSize, KernelSize), (Dilation, Dilation), (padding, padding), (Strides, Strides));
        var g3 = g.flatten(2);
        var perSampleWeight = g3.bmm(columns.transpose(1, 2));
        var perSampleBias = UseBias ? g3.sum(2) : null;
        record.PerSampleGradients = perSampleBias is null ? new[] { perSampleWeight } : new[] { perSampleWeight, perSampleBias };
        var norms = PerSampleMath.SquaredNormPerRow(perSampleWeight);
        return perSampleBias is null ? norms : norms + PerSampleMath.SquaredNormPerRow(perSampleBias);
    }

    void IPerSampleGradientLayer.AccumulateClippedSum(CapturedActivation record, Tensor g, Tensor factors)
    {
        var perSample = record.PerSampleGradients ?? throw new InvalidOperationException("Norms must be computed before the clipped sum.");
        weight!.grad = PerSampleMath.WeightedSum(perSample[0], factors).view(weight.shape);
        if (bias is not null) bias.grad = PerSampleMath.WeightedSum(perSample[1], factors);
    }

    internal override JsonObject ToConfig() => new()
    {
        ["filters"] = Filters, ["kernel_size"] = KernelSize, ["strides"] = Strides, ["padding"] = Padding, ["activation"] = Activation,
        ["dilation"] = Dilation, ["use_bias"] = UseBias, ["input_shape"] = ShapeJson(InputShape),
    };

    public override string ToString() => $"Conv2D({Filters}, k{KernelSize}, s{Strides}, p{padding}, {Activation})";
}
