using System.Text;
using PrivateEnv.Learning.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// A Keras-like stack of layers. The first layer declares <c>inputShape</c> (without the batch
/// dimension, channels-first). Train it privately with <see cref="PrivateKerasModel"/>; train it
/// on your own public data with <see cref="Compile(OptimizerOptions, LossOptions)"/> and <see cref="Fit(double[][], double[], int, int)"/>.
/// </summary>
public sealed class Sequential
{
    private readonly List<Layer> layers = new();
    private bool built;
    private (OptimizerOptions Optimizer, LossOptions Loss)? compiled;

    public Sequential(params Layer[] layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (built) throw new InvalidOperationException("The model is already built (it was summarised, trained or exported); create a new Sequential to change its layers.");
        // A layer used twice would share its weights between two places, and per-example clipping would add the two
        // places' gradient norms instead of taking the norm of their sum (which can be √2 times larger).
        if (layer.Owner is not null)
            throw new ArgumentException($"This {layer.Kind} layer is already part of {(ReferenceEquals(layer.Owner, this) ? "this" : "another")} model; create a new layer for each place.");
        layer.Owner = this;
        layers.Add(layer);
        return this;
    }

    public IReadOnlyList<Layer> Layers => layers;

    public int[] InputShape => (int[])(layers.FirstOrDefault()?.InputShape
        ?? throw new InvalidOperationException("The first layer needs an inputShape, e.g. new Dense(32, \"relu\", inputShape: new[] { 784 })."))
        .Clone();

    public int[] OutputShape { get { EnsureBuilt(); return (int[])layers[^1].OutputShape!.Clone(); } }

    public long ParameterCount { get { EnsureBuilt(); return layers.Sum(l => l.ParameterCount); } }

    /// <summary>A table of the layers with their output shapes and parameter counts.</summary>
    public string Summary()
    {
        EnsureBuilt();
        var rows = layers.Select((l, i) => (Name: $"{i}: {l}", Shape: $"[{string.Join(", ", l.OutputShape!)}]", Params: l.ParameterCount.ToString("N0"))).ToList();
        int w1 = Math.Max(5, rows.Max(r => r.Name.Length)), w2 = Math.Max(12, rows.Max(r => r.Shape.Length)), w3 = Math.Max(7, rows.Max(r => r.Params.Length));
        var text = new StringBuilder();
        var rule = new string('-', w1 + w2 + w3 + 6);
        text.AppendLine($"Input shape [{string.Join(", ", InputShape)}]").AppendLine(rule);
        text.AppendLine($"{"Layer".PadRight(w1)}   {"Output shape".PadRight(w2)}   {"Params".PadLeft(w3)}").AppendLine(rule);
        foreach (var r in rows) text.AppendLine($"{r.Name.PadRight(w1)}   {r.Shape.PadRight(w2)}   {r.Params.PadLeft(w3)}");
        text.AppendLine(rule).Append($"Total trainable parameters: {ParameterCount:N0}");
        return text.ToString();
    }

    /// <summary>Sets the optimizer and loss of <see cref="Fit(double[][], double[], int, int)"/> (ordinary training on public data).</summary>
    public void Compile(OptimizerOptions optimizer, LossOptions loss)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        optimizer.Validate();
        compiled = (optimizer, loss);
    }

    public void Compile(string optimizer = "adam", string loss = "crossentropy", double? learningRate = null) =>
        Compile(OptimizerOptions.FromName(optimizer, learningRate), LossOptions.FromName(loss));

    /// <summary>
    /// Ordinary (non-private) training on public data you own: shuffled mini-batches, mean loss.
    /// Rows are flattened examples; targets are class indices for cross-entropy, else one number each.
    /// Nothing is charged and nothing is private, so never use it for someone else's data: that is
    /// what <see cref="PrivateKerasModel"/> is for.
    /// </summary>
    public PublicTrainingHistory Fit(double[][] inputs, double[] targets, int epochs = 1, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return Fit(inputs, targets.Select(t => new[] { t }).ToArray(), epochs, batchSize);
    }

    /// <summary>As <see cref="Fit(double[][], double[], int, int)"/> with several target values per example.</summary>
    public PublicTrainingHistory Fit(double[][] inputs, double[][] targets, int epochs = 1, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        var (optimizer, loss) = compiled ?? throw new InvalidOperationException("Call Compile(optimizer, loss) before Fit.");
        if (inputs.Length != targets.Length)
            throw new ArgumentException($"There are {inputs.Length} input rows but {targets.Length} targets; give one target per row.");
        var width = targets.Length == 0 ? 1 : targets[0].Length;
        if (width == 0 || targets.Any(t => t is null || t.Length != width))
            throw new ArgumentException("Every target row needs the same, non-zero number of values.");
        if (inputs.Any(r => r is null) || targets.SelectMany(t => t).Concat(inputs.SelectMany(r => r)).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("Inputs and targets must be finite numbers (no NaN, no infinity, no null rows).");
        EnsureBuilt();
        return Training.PublicFit.Run(this, optimizer, loss, inputs.SelectMany(r => r).Select(v => (float)v).ToArray(),
            targets.SelectMany(t => t).Select(v => (float)v).ToArray(), width, epochs, batchSize);
    }

    /// <summary>Predictions for public inputs, one row of flattened features per example.</summary>
    public double[][] Predict(double[][] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var perExample = InputShape.Aggregate(1, (a, d) => a * d);
        var flat = new float[inputs.Length * perExample];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Length != perExample)
                throw new ArgumentException($"Row {i} has {inputs[i].Length} values; the model expects {perExample} per example (input shape [{string.Join(", ", InputShape)}]).", nameof(inputs));
            for (int j = 0; j < perExample; j++) flat[i * perExample + j] = (float)inputs[i][j];
        }
        var output = Predict(flat);
        var outPer = output.Length / Math.Max(1, inputs.Length);
        return Enumerable.Range(0, inputs.Length).Select(i => output.Skip(i * outPer).Take(outPer).Select(v => (double)v).ToArray()).ToArray();
    }

    /// <summary>Predictions for public inputs given as one flat array of whole examples; returns the flat outputs.</summary>
    public float[] Predict(float[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var perExample = InputShape.Aggregate(1, (a, d) => a * d);
        if (inputs.Length % perExample != 0)
            throw new ArgumentException($"{inputs.Length} values are not a whole number of examples of shape [{string.Join(", ", InputShape)}].", nameof(inputs));
        using var scope = NewDisposeScope();
        var shape = new long[] { inputs.Length / perExample }.Concat(InputShape.Select(d => (long)d)).ToArray();
        var output = PredictTensor(tensor(inputs, shape));
        return output.data<float>().ToArray();
    }

    /// <summary>Forward pass in evaluation mode, in chunks to bound memory.</summary>
    internal Tensor PredictTensor(Tensor inputs, int chunk = 2048)
    {
        EnsureBuilt();
        using var noGrad = no_grad();
        using var flushed = Training.Denormals.Flushed();
        var parts = new List<Tensor>();
        for (long start = 0; start < inputs.shape[0]; start += chunk)
            parts.Add(Forward(inputs.narrow(0, start, Math.Min(chunk, inputs.shape[0] - start)), training: false, capture: null));
        return parts.Count == 0 ? zeros(new long[] { 0 }.Concat(OutputShape.Select(d => (long)d)).ToArray()) : cat(parts, 0);
    }

    internal void EnsureBuilt()
    {
        if (built) return;
        if (layers.Count == 0) throw new InvalidOperationException("The model has no layers; add some with Add(...).");
        var shape = InputShape;
        foreach (var layer in layers)
        {
            RequireExampleShape(shape, layer);
            layer.Build(shape);
            shape = layer.OutputShape!;
        }
        RequireExampleShape(shape, null);
        built = true;
    }

    /// <summary>
    /// Every example keeps at least one dimension of its own after every layer, so nothing (a softmax on the last
    /// dimension, a reshape) can act across the batch dimension and mix one example's values into another's.
    /// </summary>
    private static void RequireExampleShape(int[] shape, Layer? before)
    {
        if (shape.Length == 0 || shape.Any(d => d < 1))
            throw new ArgumentException($"Each example must keep a shape of at least one dimension, each ≥ 1; {(before is null ? "the model's output" : $"the input of {before.Kind}")} would be [{string.Join(", ", shape)}]. Use Reshape(new[] {{ 1 }}) for one value per example.");
    }

    internal Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        EnsureBuilt();
        var x = input;
        foreach (var layer in layers)
        {
            var batch = x.shape[0];
            x = layer.Forward(x, training, capture);
            if (x.dim() < 2 || x.shape[0] != batch)
                throw new InvalidOperationException($"Internal error: {layer.Kind} changed the batch dimension.");
        }
        return x;
    }

    internal IEnumerable<Parameter> TrainableParameters
    {
        get { EnsureBuilt(); return layers.SelectMany(l => l.Parameters.Select(p => p.Value)); }
    }

    /// <summary>All stored tensors by stable name ("layers.{i}.{name}"): parameters and BatchNorm statistics.</summary>
    internal IEnumerable<(string Name, Tensor Value)> NamedTensors
    {
        get
        {
            EnsureBuilt();
            for (int i = 0; i < layers.Count; i++)
            {
                foreach (var (name, value) in layers[i].Parameters) yield return ($"layers.{i}.{name}", value);
                if (layers[i] is Layers.BatchNorm batchNorm)
                    foreach (var (name, value) in batchNorm.Buffers) yield return ($"layers.{i}.{name}", value);
            }
        }
    }

    /// <summary>Describes the architecture only (no weights).</summary>
    public override string ToString() => $"Sequential({string.Join(" → ", layers)})";
}
