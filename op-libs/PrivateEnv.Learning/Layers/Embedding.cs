using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>Maps integer ids in [0, inputDim) (given as numbers) to learned vectors of size outputDim.</summary>
public sealed class Embedding : Layer, IPerSampleGradientLayer
{
    private Parameter? table;

    public Embedding(int inputDim, int outputDim, int[]? inputShape = null) : base(inputShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputDim);
        InputDim = inputDim;
        OutputDim = outputDim;
    }

    public override string Kind => "Embedding";
    public int InputDim { get; }
    public int OutputDim { get; }

    protected override void CreateParameters(int[] inputShape) =>
        table = AddParameter("weight", randn(InputDim, OutputDim));

    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        // Out-of-range ids are clamped rather than reported: an error would reveal a private value.
        var ids = input.to_type(ScalarType.Int64).clamp(0, InputDim - 1);
        var z = table!.index_select(0, ids.flatten()).view(ids.shape.Append(OutputDim).ToArray());
        capture?.Record(this, ids, z);
        return z;
    }

    // Example b's table gradient has, for each distinct id v among its positions, the row S_v = Σ_{t: id_t = v} g_t.
    // S is computed once per position (the sum over the positions with the same id, in float32), each distinct id is
    // counted at its first position, and the norm and the float64 sum use those same rows — never a vocabulary-sized
    // tensor per example, and no formula whose rounding could differ from the sum's.
    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g)
    {
        var ids = record.Input.reshape(g.shape[0], -1);
        var g3 = g.reshape(g.shape[0], -1, OutputDim);
        var same = ids.unsqueeze(2).eq(ids.unsqueeze(1));
        var rows = same.to_type(g3.dtype).bmm(g3);
        // The first position of each id: no earlier position holds the same id.
        var earlier = same.tril(-1).any(2);
        var first = earlier.logical_not().to_type(ScalarType.Float64);
        record.KeptForClippedSum = [rows, first];
        return (PerSampleMath.Wide(rows).pow(2).sum(2) * first).sum(1);
    }

    Tensor[] IPerSampleGradientLayer.ClippedSums(CapturedActivation record, Tensor g, Tensor factors)
    {
        var kept = record.KeptForClippedSum ?? throw new InvalidOperationException("Norms must be computed before the clipped sum.");
        var (rows, first) = (kept[0], kept[1]);
        var weights = (first * factors.view(-1, 1)).unsqueeze(2);
        var scaled = (PerSampleMath.Wide(rows) * weights).reshape(-1, OutputDim);
        return [zeros(new long[] { InputDim, OutputDim }, ScalarType.Float64).index_add(0, record.Input.flatten(), scaled, 1)];
    }

    internal override JsonObject ToConfig() => new() { ["input_dim"] = InputDim, ["output_dim"] = OutputDim, ["input_shape"] = ShapeJson(InputShape) };

    public override string ToString() => $"Embedding({InputDim}, {OutputDim})";
}
