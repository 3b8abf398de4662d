using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>Shuffled mini-batch epochs over public arrays, for <see cref="Sequential.Fit(double[][], double[], int, int)"/>.</summary>
internal static class PublicFit
{
    public static PublicTrainingHistory Run(Sequential model, OptimizerOptions optimizer, LossOptions loss, float[] inputs, float[] targets, int targetWidth, int epochs, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var shape = model.InputShape;
        var perExample = shape.Aggregate(1, (a, d) => a * d);
        var count = targets.Length / targetWidth;
        if (count == 0) throw new ArgumentException("There are no examples to train on.");
        if (inputs.Length != count * perExample)
            throw new ArgumentException($"There are {count} targets but {inputs.Length} input values; the model expects {perExample} per example (input shape [{string.Join(", ", shape)}]).");
        if (loss.UsesClassTargets && targetWidth == 1 && targets.Any(t => t < 0 || t != Math.Floor(t)))
            throw new ArgumentException("Cross-entropy targets must be class indices 0, 1, 2, …");

        using var scope = NewDisposeScope();
        var x = tensor(inputs, new long[] { count }.Concat(shape.Select(d => (long)d)).ToArray());
        var y = loss.UsesClassTargets ? tensor(targets.Select(t => (long)t).ToArray()) : tensor(targets, targetWidth == 1 ? new long[] { count } : new long[] { count, targetWidth });
        var stepsPerEpoch = (count + batchSize - 1) / batchSize;
        var trainer = new NonPrivateTrainer(model, loss, optimizer, (long)stepsPerEpoch * epochs);
        var losses = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var order = randperm(count);
            double total = 0;
            for (long start = 0; start < count; start += batchSize)
            {
                using var stepScope = NewDisposeScope();
                var idx = order.narrow(0, start, Math.Min(batchSize, count - start));
                total += trainer.Step(x.index_select(0, idx), y.index_select(0, idx));
            }
            losses.Add(total / count);
        }
        trainer.Finish();
        return new PublicTrainingHistory(losses);
    }
}
