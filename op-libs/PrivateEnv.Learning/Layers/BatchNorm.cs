using System.Text.Json.Nodes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>
/// Batch normalisation over [channels, ...] inputs. Usable in imported models for prediction, but
/// refused for private training: it mixes the examples of a batch, so per-example gradients (and
/// their clipping) are undefined. Use <see cref="GroupNorm"/> instead.
/// </summary>
public sealed class BatchNorm : Layer
{
    private Tensor? runningMean;
    private Tensor? runningVariance;
    private Parameter? scale;
    private Parameter? shift;

    public BatchNorm(double momentum = 0.1, double epsilon = 1e-5, int[]? inputShape = null) : base(inputShape)
    {
        Momentum = momentum;
        Epsilon = epsilon;
    }

    public override string Kind => "BatchNorm";
    public double Momentum { get; }
    public double Epsilon { get; }

    protected override void CreateParameters(int[] inputShape)
    {
        if (inputShape.Length < 1) throw new ArgumentException("BatchNorm needs [channels, ...] inputs.");
        long channels = inputShape[0];
        scale = AddParameter("weight", ones(channels));
        shift = AddParameter("bias", zeros(channels));
        runningMean = zeros(channels);
        runningVariance = ones(channels);
    }

    internal IEnumerable<(string Name, Tensor Value)> Buffers => new[] { ("running_mean", runningMean!), ("running_var", runningVariance!) };

    internal override Tensor Forward(Tensor input, bool training, GradientCapture? capture)
    {
        if (capture is not null)
            throw new NotSupportedException(BatchNormRefusal);
        return nn.functional.batch_norm(input, runningMean!, runningVariance!, scale, shift, training, Momentum, Epsilon);
    }

    internal const string BatchNormRefusal =
        "BatchNorm cannot be trained privately: it mixes the examples of a batch, so per-example gradients cannot be clipped. Replace it with GroupNorm(groups) (e.g. new GroupNorm(8)), which normalises each example on its own.";

    internal override JsonObject ToConfig() => new() { ["momentum"] = Momentum, ["epsilon"] = Epsilon, ["input_shape"] = ShapeJson(InputShape) };
}
