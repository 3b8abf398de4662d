using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>Shared shape and configuration of the pooling layers (no parameters).</summary>
public abstract class PoolingLayer : Layer
{
    protected PoolingLayer(int poolSize, int? strides, int padding, int[]? inputShape) : base(inputShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(poolSize);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        PoolSize = poolSize;
        Strides = strides ?? poolSize;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Strides);
        Padding = padding;
    }

    public int PoolSize { get; }
    public int Strides { get; }
    public int Padding { get; }

    protected abstract int Rank { get; }

    protected override void CreateParameters(int[] inputShape) =>
        RequireRank(inputShape, Rank + 1, Kind, Rank == 1 ? "[channels, length]" : "[channels, height, width]");

    internal override JsonObject ToConfig() => new()
    {
        ["pool_size"] = PoolSize,
        ["strides"] = Strides,
        ["padding"] = Padding,
        ["input_shape"] = ShapeJson(InputShape),
    };

    public override string ToString() => $"{Kind}({PoolSize}, s{Strides})";
}

public sealed class MaxPool1D(int poolSize = 2, int? strides = null, int padding = 0, int[]? inputShape = null)
    : PoolingLayer(poolSize, strides, padding, inputShape)
{
    public override string Kind => "MaxPool1D";
    protected override int Rank => 1;
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) =>
        nn.functional.max_pool1d(input, PoolSize, Strides, Padding);
}

public sealed class MaxPool2D(int poolSize = 2, int? strides = null, int padding = 0, int[]? inputShape = null)
    : PoolingLayer(poolSize, strides, padding, inputShape)
{
    public override string Kind => "MaxPool2D";
    protected override int Rank => 2;
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) =>
        nn.functional.max_pool2d(input, PoolSize, Strides, Padding);
}

public sealed class AveragePool1D(int poolSize = 2, int? strides = null, int padding = 0, int[]? inputShape = null)
    : PoolingLayer(poolSize, strides, padding, inputShape)
{
    public override string Kind => "AveragePool1D";
    protected override int Rank => 1;
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) =>
        nn.functional.avg_pool1d(input, PoolSize, Strides, Padding);
}

public sealed class AveragePool2D(int poolSize = 2, int? strides = null, int padding = 0, int[]? inputShape = null)
    : PoolingLayer(poolSize, strides, padding, inputShape)
{
    public override string Kind => "AveragePool2D";
    protected override int Rank => 2;
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) =>
        nn.functional.avg_pool2d(input, PoolSize, Strides, Padding);
}

/// <summary>Mean over the length of [channels, length] inputs → [channels].</summary>
public sealed class GlobalAveragePooling1D(int[]? inputShape = null) : Layer(inputShape)
{
    public override string Kind => "GlobalAveragePooling1D";
    protected override void CreateParameters(int[] inputShape) => RequireRank(inputShape, 2, Kind, "[channels, length]");
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) => input.mean(new long[] { 2 });
    internal override JsonObject ToConfig() => new() { ["input_shape"] = ShapeJson(InputShape) };
}

/// <summary>Mean over height and width of [channels, height, width] inputs → [channels].</summary>
public sealed class GlobalAveragePooling2D(int[]? inputShape = null) : Layer(inputShape)
{
    public override string Kind => "GlobalAveragePooling2D";
    protected override void CreateParameters(int[] inputShape) => RequireRank(inputShape, 3, Kind, "[channels, height, width]");
    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture) => input.mean(new long[] { 2, 3 });
    internal override JsonObject ToConfig() => new() { ["input_shape"] = ShapeJson(InputShape) };
}
