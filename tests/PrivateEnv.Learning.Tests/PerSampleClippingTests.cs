using PrivateEnv.Learning.Layers;
using PrivateEnv.Learning.Training;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Tests;

/// <summary>The vectorised clipped sum must equal an explicit loop over examples (the definition).</summary>
public class PerSampleClippingTests
{
    public static TheoryData<string> Models => new() { "dense", "dense-sequence", "conv1d", "conv2d", "conv2d-one-channel", "conv2d-dilated", "layernorm", "groupnorm", "embedding", "seed-cnn" };

    private static (Sequential Model, Tensor X, Tensor Y, LossOptions Loss) Build(string name, Generator g)
    {
        const int batch = 7;
        return name switch
        {
            "dense" => (new Sequential(new Dense(5, "tanh", inputShape: new[] { 4 }), new Dense(3)),
                randn(new long[] { batch, 4 }, generator: g), randint(0, 3, new long[] { batch }, generator: g), new CrossEntropy()),
            "dense-sequence" => (new Sequential(new Dense(5, "gelu", inputShape: new[] { 3, 4 }), new Flatten(), new Dense(2)),
                randn(new long[] { batch, 3, 4 }, generator: g), randn(new long[] { batch, 2 }, generator: g), new MeanSquaredError()),
            "conv1d" => (new Sequential(new Conv1D(4, 3, strides: 2, padding: 1, activation: "relu", inputShape: new[] { 2, 11 }), new MaxPool1D(2),
                    new Conv1D(3, 3, dilation: 2, padding: Conv1D.Same), new GlobalAveragePooling1D(), new Dense(1)),
                randn(new long[] { batch, 2, 11 }, generator: g), randn(new long[] { batch }, generator: g), new Huber(0.5)),
            "conv2d" => (new Sequential(new Conv2D(3, 3, padding: 1, activation: "relu", inputShape: new[] { 2, 8, 8 }), new AveragePool2D(2),
                    new Conv2D(4, 2, strides: 2), new Flatten(), new Dense(3, "softmax")),
                randn(new long[] { batch, 2, 8, 8 }, generator: g), randint(0, 3, new long[] { batch }, generator: g), new CrossEntropy()),
            // One input channel and a large kernel take the grouped-convolution route; stride 3 leaves input rows unused.
            "conv2d-one-channel" => (new Sequential(new Conv2D(3, 5, strides: 3, padding: 1, activation: "tanh", inputShape: new[] { 1, 11, 11 }),
                    new Conv2D(2, 5, strides: 1, padding: 2), new Flatten(), new Dense(2)),
                randn(new long[] { batch, 1, 11, 11 }, generator: g), randint(0, 2, new long[] { batch }, generator: g), new CrossEntropy()),
            "conv2d-dilated" => (new Sequential(new Conv2D(3, 3, dilation: 2, padding: 2, inputShape: new[] { 2, 7, 7 }), new Flatten(), new Dense(2)),
                randn(new long[] { batch, 2, 7, 7 }, generator: g), randint(0, 2, new long[] { batch }, generator: g), new CrossEntropy()),
            "layernorm" => (new Sequential(new Dense(6, inputShape: new[] { 4 }), new LayerNorm(), new Activation("relu"), new Dense(1, "sigmoid")),
                randn(new long[] { batch, 4 }, generator: g), randint(0, 2, new long[] { batch }, generator: g), new BinaryCrossEntropy()),
            "groupnorm" => (new Sequential(new Conv2D(4, 3, inputShape: new[] { 1, 6, 6 }), new GroupNorm(2), new Activation("silu"), new GlobalAveragePooling2D(), new Dense(2)),
                randn(new long[] { batch, 1, 6, 6 }, generator: g), randn(new long[] { batch, 2 }, generator: g), new MeanAbsoluteError()),
            "embedding" => (new Sequential(new Embedding(6, 3, inputShape: new[] { 5 }), new Flatten(), new Dense(2)),
                randint(0, 6, new long[] { batch, 5 }, generator: g).to_type(ScalarType.Float32), randint(0, 2, new long[] { batch }, generator: g), new CrossEntropy()),
            "seed-cnn" => (SeedModels.FashionMnistCnn(), randn(new long[] { 3, 1, 28, 28 }, generator: g), randint(0, 10, new long[] { 3 }, generator: g), new CrossEntropy()),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void VectorisedClippedSumEqualsExplicitLoop(string name)
    {
        var g = new Generator(20241125UL + (ulong)name.Length);
        manual_seed(7);
        var (model, x, y, loss) = Build(name, g);
        model.EnsureBuilt();
        var parameters = model.TrainableParameters.ToArray();
        // Two clip values: one that clips none, one that clips most examples.
        foreach (var clip in new[] { 1e6, 0.05 })
        {
            var clipping = new PerSampleClipping(model, loss);
            clipping.AccumulateClippedGradients(x, y, clip, training: false);
            var vectorised = clipping.ClippedSums.Select(t => t.to_type(ScalarType.Float32)).ToArray();

            var expected = parameters.Select(p => zeros_like(p)).ToArray();
            var lastActivation = PerSampleClipping.LastActivation(model);
            for (long b = 0; b < x.shape[0]; b++)
            {
                foreach (var p in parameters) p.grad = null;
                var output = model.Forward(x.narrow(0, b, 1), training: false, capture: null);
                loss.PerExample(output, y.narrow(0, b, 1), lastActivation).sum().backward();
                var grads = parameters.Select(p => p.grad ?? zeros_like(p)).ToArray();
                var norm = Math.Sqrt(grads.Sum(t => t.pow(2).sum().item<float>()));
                var factor = Math.Min(1.0, clip / (norm * (1 + PerSampleClipping.ClipMargin) + 1e-12));
                for (int i = 0; i < grads.Length; i++) expected[i] += grads[i] * factor;
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                var maxDifference = (vectorised[i] - expected[i]).abs().max().item<float>();
                Assert.True(maxDifference < 1e-5, $"{name}, clip {clip}, parameter {i}: max |difference| {maxDifference}");
            }
        }
    }

    /// <summary>The convolution rule against the definition G_b P_b: norms of, and the float64 sum of, the same per-example gradients.</summary>
    [Theory]
    [InlineData(4, 3, 5)]
    [InlineData(2, 8, 16)]
    public void ConvolutionNormsAndClippedSumsMatchTheDefinition(int positions, int outputs, int width)
    {
        var g = new Generator(5UL + (ulong)positions);
        const int batch = 6;
        var patches = randn(new long[] { batch, positions, width }, generator: g);
        var gradient = randn(new long[] { batch, outputs, positions }, generator: g);
        var factors = rand(new long[] { batch }, generator: g).to_type(ScalarType.Float64);
        var record = new CapturedActivation(null!, patches, gradient);

        var norms = UnfoldedGradients.SquaredNorms(record, patches, gradient, useBias: true);
        var sums = UnfoldedGradients.ClippedSums(record, factors);

        var perExample = einsum("bot,btk->bok", gradient, patches).to_type(ScalarType.Float64);
        var expectedNorms = perExample.pow(2).sum(new long[] { 1, 2 }) + gradient.sum(2).to_type(ScalarType.Float64).pow(2).sum(1);
        var expectedWeight = einsum("b,bok->ok", factors, perExample);
        var expectedBias = einsum("b,bo->o", factors, gradient.sum(2).to_type(ScalarType.Float64));
        Assert.True((norms - expectedNorms).abs().max().item<double>() < 1e-3);
        Assert.True((sums[0] - expectedWeight).abs().max().item<double>() < 1e-4);
        Assert.True((sums[1] - expectedBias).abs().max().item<double>() < 1e-4);
    }

    /// <summary>Padding a Poisson batch to a multiple of 32 rows (copies masked out) must not change the released sum.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void PaddedBatchWithMaskGivesTheSameClippedSum(string name)
    {
        var g = new Generator(77UL + (ulong)name.Length);
        var (model, x, y, loss) = Build(name, g);
        model.EnsureBuilt();
        var parameters = model.TrainableParameters.ToArray();
        var clipping = new PerSampleClipping(model, loss);
        clipping.AccumulateClippedGradients(x, y, 0.05, training: false);
        var unpadded = clipping.ClippedSums.Select(t => t.clone()).ToArray();

        var (indices, mask) = BatchPadding.Pad(arange(x.shape[0], ScalarType.Int64));
        Assert.Equal(BatchPadding.Granularity, indices.shape[0]);
        Assert.NotNull(mask);
        Assert.Equal(x.shape[0], (long)mask!.sum().item<float>());
        clipping.AccumulateClippedGradients(x.index_select(0, indices), y.index_select(0, indices), 0.05, training: false, mask: mask);
        for (int i = 0; i < parameters.Length; i++)
        {
            var maxDifference = (clipping.ClippedSums[i] - unpadded[i]).abs().max().item<double>();
            Assert.True(maxDifference < 1e-5, $"{name}, parameter {i}: max |difference| {maxDifference}");
        }
    }

    [Fact]
    public void BatchesThatAreAlreadyWholeOrEmptyAreNotPadded()
    {
        Assert.Null(BatchPadding.Pad(arange(64L, ScalarType.Int64)).Mask);
        var (empty, mask) = BatchPadding.Pad(zeros(0, ScalarType.Int64));
        Assert.Equal(0, empty.shape[0]);
        Assert.Null(mask);
        Assert.Equal(72, BatchPadding.Pad(arange(65L, ScalarType.Int64)).Indices.shape[0]);
    }

    /// <summary>
    /// The sensitivity of the clipped sum, the premise of DP-SGD: adding one example, however crafted, moves the sum
    /// by at most C in L2 (with the 0.1 % margin); an example whose gradient is not finite moves it by nothing.
    /// Adversarial models: weights whose output gradient squares to 0 in float32 while the weight gradient does not
    /// (a float32 ghost norm then reads 0 and lets the example through unclipped), weights that overflow to ∞ or NaN
    /// on some inputs, and huge activations; per-example gradients that are float32 sums of huge cancelling terms
    /// (2^40 + 98304 − 2^40 − 98304 is 32768 in float32 and 0 exactly), which moved the sum by 10^5·C to 10^6·C when
    /// the norm and the sum were computed by different routes; clip factors that round to a subnormal float32.
    /// </summary>
    [Theory]
    [InlineData("underflowing-ghost-norm")]
    [InlineData("overflowing-weights")]
    [InlineData("nan-weights")]
    [InlineData("huge-activations-sequence")]
    [InlineData("embedding-huge-table")]
    [InlineData("convolution-ghost-route-underflow")]
    [InlineData("cancelling-sequence-dense")]
    [InlineData("cancelling-sequence-dense-bias")]
    [InlineData("cancelling-embedding-same-id")]
    [InlineData("cancelling-conv1d-bias")]
    [InlineData("cancelling-conv1d-many-channels")]
    [InlineData("subnormal-clip-factor")]
    [InlineData("subnormal-clip-factor-twice")]
    public void OneCraftedExampleMovesTheClippedSumByAtMostTheClip(string name)
    {
        const double clip = 1e-10;
        var (model, batch, extra, labels, extraLabel, loss) = Crafted(name);
        var parameters = model.TrainableParameters.ToArray();
        var clipping = new PerSampleClipping(model, loss);
        clipping.AccumulateClippedGradients(batch, labels, clip, training: false);
        var without = clipping.ClippedSums.Select(t => t.clone()).ToArray();
        clipping.AccumulateClippedGradients(cat(new[] { batch, extra }), cat(new[] { labels, extraLabel }), clip, training: false);
        var with = clipping.ClippedSums;
        Assert.All(with, t => Assert.True(t.isfinite().all().item<bool>(), $"{name}: the clipped sum is not finite"));
        var moved = Math.Sqrt(with.Zip(without).Sum(p => (p.First - p.Second).pow(2).sum().item<double>()));
        Assert.True(moved <= clip * (1 + 2e-3), $"{name}: one example moved the clipped sum by {moved:G4} > C = {clip:G3}");
    }

    private static (Sequential Model, Tensor Batch, Tensor Extra, Tensor Labels, Tensor ExtraLabel, LossOptions Loss) Crafted(string name)
    {
        var g = new Generator(99UL);
        Sequential model;
        switch (name)
        {
            case "underflowing-ghost-norm":
                // out = w3·w2·w1·x: for x = 0.5 the second layer sees a = 9e18 (a² finite) and an output gradient of ≈ 2e-28 (squared: 0 in float32).
                model = new Sequential(new Dense(1, useBias: false, inputShape: new[] { 1 }), new Dense(1, useBias: false), new Dense(1, useBias: false));
                SetWeights(model, 1.8e19f, 1e-40f, 1e-28f);
                return (model, full(new long[] { 3, 1 }, 0.25f), full(new long[] { 1, 1 }, 0.5f), ones(3, 1), ones(1, 1), new MeanSquaredError());
            case "overflowing-weights":
                model = new Sequential(new Dense(4, "relu", inputShape: new[] { 2 }), new Dense(2));
                SetWeights(model, 3e38f, 0f, 3e38f, 0f);
                return (model, zeros(4, 2), full(new long[] { 1, 2 }, 1e10f), zeros(4, ScalarType.Int64), zeros(1, ScalarType.Int64), new CrossEntropy());
            case "nan-weights":
                model = new Sequential(new Dense(3, "tanh", inputShape: new[] { 2 }), new Dense(2));
                SetWeights(model, float.NaN, 0f, 1f, 0f);
                return (model, randn(new long[] { 4, 2 }, generator: g), randn(new long[] { 1, 2 }, generator: g), zeros(4, ScalarType.Int64), ones(1, ScalarType.Int64), new CrossEntropy());
            case "huge-activations-sequence":
                model = new Sequential(new Dense(3, inputShape: new[] { 4, 2 }), new Flatten(), new Dense(1));
                SetWeights(model, 1e18f, 1e-30f, 1e-25f, 0f);
                return (model, randn(new long[] { 4, 4, 2 }, generator: g), full(new long[] { 1, 4, 2 }, 3e3f), zeros(4, 1), ones(1, 1), new MeanSquaredError());
            case "convolution-ghost-route-underflow":
                // The middle convolution has T² = 4 < O·K = 72, so its norm comes from Gram matrices of huge patches and tiny gradients.
                // Patches of 1e18 keep a finite float32 Gram matrix; gradients of 2e-28 square to 0 in float32.
                model = new Sequential(new Conv2D(2, 1, useBias: false, inputShape: new[] { 1, 4, 4 }), new Conv2D(8, 3, strides: 1, useBias: false), new Flatten(), new Dense(1, useBias: false));
                SetWeights(model, 2e18f, 1e-40f, 1e-28f);
                return (model, full(new long[] { 3, 1, 4, 4 }, 0.25f), full(new long[] { 1, 1, 4, 4 }, 0.5f), ones(3, 1), ones(1, 1), new MeanSquaredError());
            case "cancelling-sequence-dense":
            case "cancelling-sequence-dense-bias":
                model = new Sequential(new Reshape(new[] { 4, 1 }, inputShape: new[] { 4 }), new Dense(1, useBias: name.EndsWith("bias")), new Flatten(), new Dense(1, useBias: false));
                SetParameters(model, name.EndsWith("bias") ? [[1e-30f], [0f], Cancelling] : [[1e-30f], Cancelling]);
                return (model, full(new long[] { 3, 4 }, 0.25f), full(new long[] { 1, 4 }, 0.48213917f), ones(3, 1), ones(1, 1), new MeanAbsoluteError());
            case "cancelling-embedding-same-id":
                model = new Sequential(new Embedding(2, 1, inputShape: new[] { 4 }), new Flatten(), new Dense(1, useBias: false));
                SetParameters(model, [1e-30f], Cancelling);
                return (model, zeros(3, 4), ones(1, 4), ones(3, 1), ones(1, 1), new MeanAbsoluteError());
            case "cancelling-conv1d-bias":
                model = new Sequential(new Conv1D(1, 1, inputShape: new[] { 1, 4 }), new Flatten(), new Dense(1, useBias: false));
                SetParameters(model, [1e-30f], [0f], Cancelling);
                return (model, full(new long[] { 3, 1, 4 }, 0.25f), full(new long[] { 1, 1, 4 }, 0.48213917f), ones(3, 1), ones(1, 1), new MeanAbsoluteError());
            case "cancelling-conv1d-many-channels":
                // 20 input channels, 4 positions: the case a T×T Gram-matrix norm would take.
                model = new Sequential(new Conv1D(1, 1, useBias: false, inputShape: new[] { 20, 4 }), new Flatten(), new Dense(1, useBias: false));
                SetParameters(model, [1e-30f], Cancelling);
                return (model, full(new long[] { 3, 20, 4 }, 0.25f), full(new long[] { 1, 20, 4 }, 0.48213917f), ones(3, 1), ones(1, 1), new MeanAbsoluteError());
            case "subnormal-clip-factor":
                {
                    // Layer two's gradient is δ·(w1·x) with δ = ±1 (MAE): chosen so C/‖g‖ ≈ 0.51·2^-149, which float32 rounds up to 2^-149.
                    model = new Sequential(new Dense(1, useBias: false, inputShape: new[] { 1 }), new Dense(1, useBias: false));
                    var norm = 1e-10 / (1.001 * Math.Pow(2, -149) * 0.51);
                    SetParameters(model, [(float)(norm / 0.5)], [1f]);
                    return (model, zeros(3, 1), full(new long[] { 1, 1 }, 0.5f), zeros(3, 1), full(new long[] { 1, 1 }, -1f), new MeanAbsoluteError());
                }
            case "subnormal-clip-factor-twice":
                {
                    // As above, and the middle layer's gradient is then scaled by g = 0.51 and rounded again.
                    model = new Sequential(new Dense(1, useBias: false, inputShape: new[] { 1 }), new Dense(1, useBias: false), new Dense(1, useBias: false));
                    var norm = 1e-10 / (1.001 * Math.Pow(2, -149) * 0.51);
                    SetParameters(model, [(float)(norm / 0.51 / 0.5)], [1e-20f], [0.51f]);
                    return (model, zeros(3, 1), full(new long[] { 1, 1 }, 0.5f), zeros(3, 1), full(new long[] { 1, 1 }, -1f), new MeanAbsoluteError());
                }
            default:
                model = new Sequential(new Embedding(5, 2, inputShape: new[] { 3 }), new Flatten(), new Dense(1));
                SetWeights(model, 1e30f, 1e-35f, 0f);
                return (model, full(new long[] { 4, 3 }, 1f), full(new long[] { 1, 3 }, 4f), zeros(4, 1), ones(1, 1), new MeanSquaredError());
        }
    }

    /// <summary>2^40, 98304, −2^40, −98304: summed in float32 in this order 32768, exactly 0.</summary>
    private static readonly float[] Cancelling = [MathF.ScaleB(1, 40), 98304f, -MathF.ScaleB(1, 40), -98304f];

    /// <summary>Sets the model's parameters, in order, to the given values (each array the parameter's elements, or one value for all of them).</summary>
    private static void SetParameters(Sequential model, params float[][] values)
    {
        model.EnsureBuilt();
        using var noGrad = no_grad();
        var parameters = model.TrainableParameters.ToArray();
        Assert.Equal(parameters.Length, values.Length);
        for (var i = 0; i < parameters.Length; i++)
            if (values[i].Length == 1) parameters[i].fill_(values[i][0]);
            else parameters[i].copy_(tensor(values[i]).view(parameters[i].shape));
    }

    /// <summary>Fills the model's parameters, in order, with the given constants (the last one repeats).</summary>
    private static void SetWeights(Sequential model, params float[] values)
    {
        model.EnsureBuilt();
        using var noGrad = no_grad();
        var parameters = model.TrainableParameters.ToArray();
        for (var i = 0; i < parameters.Length; i++) parameters[i].fill_(values[Math.Min(i, values.Length - 1)]);
    }
}
