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

    // Ghost norm: the example's table gradient has row v = Σ_{t: id_t = v} g_t, so
    // ‖grad‖² = Σ_{t,t'} [id_t = id_t'] ⟨g_t, g_t'⟩ — never a vocabulary-sized tensor per example.
    Tensor IPerSampleGradientLayer.PerSampleSquaredNorms(CapturedActivation record, Tensor g)
    {
        var ids = record.Input.reshape(g.shape[0], -1);
        var g3 = PerSampleMath.Wide(g).reshape(g.shape[0], -1, OutputDim);
        var gram = g3.bmm(g3.transpose(1, 2));
        var same = ids.unsqueeze(2).eq(ids.unsqueeze(1)).to_type(gram.dtype);
        return (gram * same).sum(new long[] { 1, 2 });
    }

    void IPerSampleGradientLayer.AccumulateClippedSum(CapturedActivation record, Tensor g, Tensor factors)
    {
        var scaled = (g * PerSampleMath.Broadcast(factors, g.dim())).reshape(-1, OutputDim);
        table!.grad = zeros_like(table).index_add(0, record.Input.flatten(), scaled, 1);
    }

    internal override JsonObject ToConfig() => new() { ["input_dim"] = InputDim, ["output_dim"] = OutputDim, ["input_shape"] = ShapeJson(InputShape) };

    public override string ToString() => $"Embedding({InputDim}, {OutputDim})";
}
