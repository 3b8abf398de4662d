using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>
/// One layer of a <see cref="Sequential"/> model. Shapes exclude the batch dimension and are
/// channels-first (as in PyTorch): images are [channels, height, width], sequences [channels, length].
/// </summary>
public abstract class Layer
{
    private readonly List<(string Name, Parameter Value)> parameters = new();
    private int[]? builtInputShape;

    protected Layer(int[]? inputShape) => this.inputShape = inputShape is null ? null : (int[])inputShape.Clone();

    /// <summary>The layer's kind as shown in summaries and stored in the architecture JSON.</summary>
    public abstract string Kind { get; }

    private readonly int[]? inputShape;
    private int[]? outputShape;

    /// <summary>The declared input shape (only needed on a model's first layer); a copy.</summary>
    public int[]? InputShape => (int[]?)inputShape?.Clone();

    /// <summary>Output shape without the batch dimension, known once the model is built; a copy.</summary>
    public int[]? OutputShape => (int[]?)outputShape?.Clone();

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount => parameters.Sum(p => p.Value.numel());

    /// <summary>The model this layer belongs to (a layer belongs to one model, in one place).</summary>
    internal Sequential? Owner { get; set; }

    internal bool IsBuilt => builtInputShape is not null;
    internal int[] BuiltInputShape => builtInputShape ?? throw new InvalidOperationException("The layer is not built yet.");
    internal IReadOnlyList<(string Name, Parameter Value)> Parameters => parameters;

    internal void Build(int[] inputShape)
    {
        if (builtInputShape is not null)
        {
            if (!builtInputShape.SequenceEqual(inputShape))
                throw new InvalidOperationException($"This {Kind} layer is already part of a model with input shape [{string.Join(", ", builtInputShape)}]; create a new layer instead of reusing it.");
            return;
        }
        CreateParameters(inputShape);
        builtInputShape = (int[])inputShape.Clone();
        using var noGrad = no_grad();
        using var probe = zeros(new long[] { 1 }.Concat(inputShape.Select(d => (long)d)).ToArray());
        using var output = Forward(probe, training: false, capture: null);
        outputShape = output.shape.Skip(1).Select(d => (int)d).ToArray();
    }

    /// <summary>Creates the layer's parameters for the given input shape; validates the shape.</summary>
    protected virtual void CreateParameters(int[] inputShape) { }

    protected Parameter AddParameter(string name, Tensor initial)
    {
        var parameter = new Parameter(initial, requires_grad: true);
        parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Forward pass on a batch. Trainable layers record what per-sample clipping needs in <paramref name="capture"/>.</summary>
    internal abstract Tensor Forward(Tensor input, bool training, GradientCapture? capture);

    /// <summary>The layer's constructor arguments as JSON (architecture export).</summary>
    internal abstract JsonObject ToConfig();

    /// <summary>Short description of the configuration for summaries (no values of data or weights).</summary>
    public override string ToString() => Kind;

    protected static void RequireRank(int[] inputShape, int rank, string kind, string layout)
    {
        if (inputShape.Length != rank)
            throw new ArgumentException($"{kind} expects inputs of shape {layout} (without the batch dimension), got [{string.Join(", ", inputShape)}]. Reshape the data or put a Flatten/reshaping layer before it.");
    }

    /// <summary>PyTorch's default initialisation: U(−1/√fanIn, 1/√fanIn) for weights (Kaiming uniform, a=√5) and biases.</summary>
    protected static Tensor UniformInit(long[] shape, long fanIn)
    {
        var bound = 1.0 / Math.Sqrt(Math.Max(1, fanIn));
        return empty(shape).uniform_(-bound, bound);
    }

    protected static JsonArray? ShapeJson(int[]? shape) => shape is null ? null : new JsonArray(shape.Select(d => (JsonNode)d).ToArray());
}
