using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>1-D convolution over [channels, length] inputs (e.g. windows of multichannel sensor signals).</summary>
public sealed class Conv1D : Layer, IPerSampleGradientLayer
{
    /// <summary>Pass as padding for "same" output length (stride 1, odd kernel).</summary>
    public const int Same = ConvolutionGeometry.Same;

    private Parameter? weight;
    private Parameter? bias;
    private int padding;

    public Conv1D(int filters, int kernelSize, int strides = 1, int padding = 0, string? activation = null,
        int dilation = 1, bool useBias = true, int[]? inputShape = null) : base(inputShape)
    {
        ConvolutionGeometry.Validate(filters, kernelSize, strides, dilation);
        Filters = filters; KernelSize = kernelSize; Strides = strides; Dilation = dilation; UseBias = useBias;
        Padding = padding;
        this.padding = ConvolutionGeometry.ResolvePadding(padding, kernelSize, strides, dilation, Kind);
        Activation = Activations.Normalise(activation);
    }

    public override string Kind => "Conv1D";
    public int Filters { get; }
    public int KernelSize { get; }
    public int Strides { get; }
    public int Padding { get; }
    public int Dilation { get; }
    public bool UseBias { get; }
    public string Activation { get; }

    protected override void CreateParameters(int[] inputShape)
    {
        RequireRank(inputShape, 2, Kind, "[channels, length]");
        long inChannels = inputShape[0];
        long fanIn = inChannels * KernelSize;
        weight = AddParameter("weight", UniformInit(new[] { (long)Filters, inChannels, KernelSize }, fanIn));
        if (UseBias) bias = AddParameter("bias", UniformInit(new[] { (long)Filters }, fanIn));
    }

    // Computed as im2col + matmul rather than conv1d: libtorch 2.10 CPU returns wrong input
    // gradients for batched 1-D convolutions (found by PerSampleClippingTests), which corrupts
    // every layer below. The columns are recorded and reused for the per-example gradients.
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        var columns = nn.functional.unfold(input.unsqueeze(2), (1, KernelSize), (1, Dilation), (0, padding), (1, Strides));
        var z = weight!.view(Filters, -1).matmul(columns);
        if (bias is not null) z = z + bias.view(1, Filters, 1);
        capture?.Record(this, columns, z);
        return Activations.Apply(Activation, z);
    }

    // As Conv2D: per-example weight gradient = g_b (O×L) · columns_bᵀ; see UnfoldedGradients.
    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g) =>
        UnfoldedGradients.SquaredNorms(record, record.Input.transpose(1, 2), g, UseBias);

    Tensor[] IPerSampleGradientLayer.ClippedSums(CapturedActivation record, Tensor g, Tensor factors)
    {
        var sums = UnfoldedGradients.ClippedSums(record, factors);
        sums[0] = sums[0].view(weight!.shape);
        return sums;
    }

    internal override JsonObject ToConfig() => new()
    {
        ["filters"] = Filters,
        ["kernel_size"] = KernelSize,
        ["strides"] = Strides,
        ["padding"] = Padding,
        ["activation"] = Activation,
        ["dilation"] = Dilation,
        ["use_bias"] = UseBias,
        ["input_shape"] = ShapeJson(InputShape),
    };

    public override string ToString() => $"Conv1D({Filters}, k{KernelSize}, s{Strides}, p{padding}, {Activation})";
}
