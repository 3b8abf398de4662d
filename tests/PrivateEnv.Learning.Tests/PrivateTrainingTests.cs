using PrivateEnv.Learning.Hosting;
using PrivateEnv.Learning.Layers;
using PrivateEnv.Learning.Training;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Releases;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Tests;

public class PrivateTrainingTests
{
    private static (PrivateDataLoader Loader, RecordingCharger Charger) LinearData(int n, int batch, double budget = double.PositiveInfinity)
    {
        var charger = new RecordingCharger(budget);
        var random = new Random(11);
        var x = new float[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)(random.NextDouble() * 2 - 1);
            x[2 * i + 1] = (float)(random.NextDouble() * 2 - 1);
            y[i] = x[2 * i] + 0.5 * x[2 * i + 1] > 0 ? 1 : 0;
        }
        var (features, labels) = PrivateTensors.FromArrays(x, new[] { n, 2 }, y, charger);
        return (new PrivateDataLoader(features, labels!, batch), charger);
    }

    [Fact]
    public void FitChargesTheWholeRunOnceBeforeTrainingAndReportsIt()
    {
        var (loader, charger) = LinearData(2000, 100);
        var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), l2NormClip: 1.0, noiseMultiplier: 1.1);
        model.Compile(new Sgd(0.5), new CrossEntropy(), "accuracy");
        var progress = new List<EpochRecord>();
        TrainingProgress.Install(new ListSink(progress));
        // 0.6 over 6 releases: the accuracy's noise has scale 1/(0.1·2000) = 0.005.
        var history = model.Fit(loader, epochs: 3, targetDelta: 1e-5, metricsEpsilon: 0.6);

        var charge = Assert.Single(charger.Charges);
        var truncation = DpSgdNoise.TruncationDelta(model.Model.ParameterCount, 60, 1.1);
        Assert.InRange(truncation, 0, 1e-20);
        var expected = PrivacyBudget.Estimate(2000, 100, 3, 1.1, 1e-5 - truncation);
        Assert.Equal(expected.Epsilon + 0.6, charge.Epsilon, 12);
        Assert.Equal(1e-5, charge.Delta);
        var composed = Assert.IsType<ComposedEvent>(charge.Event);
        Assert.Equal(PrivacyBudget.DpSgdEvent(2000, 100, 3, 1.1), composed.Events[0]);
        Assert.Equal(charge.Epsilon, history.Epsilon, 12);
        Assert.Equal(expected.Steps, history.Steps);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(history.Epochs, progress);
        Assert.True(history.Epochs[0].Epsilon < history.Epochs[2].Epsilon);
        Assert.Equal(history.Epsilon, history.Epochs[^1].Epsilon, 9);
        Assert.True(history.Epochs[^1].Metrics["accuracy"] > 0.8, history.ToDisplayText());   // a linearly separable task; noise s.d. 0.007
        Assert.Contains("spent ε", history.ToDisplayText());
    }

    private sealed class ListSink(List<EpochRecord> list) : ITrainingProgressSink
    {
        public void OnEpoch(EpochRecord epoch, int totalEpochs) => list.Add(epoch);
    }

    [Fact]
    public void RefusedChargeTrainsNothing()
    {
        var (loader, charger) = LinearData(500, 50, budget: 0.5);
        var sequential = new Sequential(new Dense(2, inputShape: new[] { 2 }));
        var model = new PrivateKerasModel(sequential, 1.0, noiseMultiplier: 0.7);
        model.Compile("sgd", "crossentropy", learningRate: 1.0);
        var before = ModelExport.From(sequential).SafeTensorsWeights;
        var error = Assert.Throws<BudgetExceededException>(() => model.Fit(loader, epochs: 5));
        Assert.Contains("Budget exceeded", error.Message);
        Assert.Empty(charger.Charges);
        Assert.Equal(before, ModelExport.From(sequential).SafeTensorsWeights);
    }

    [Fact]
    public void TargetEpsilonCalibratesTheNoiseMultiplier()
    {
        var (loader, charger) = LinearData(1000, 100);
        var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, targetEpsilon: 2.0);
        model.Compile("adam", "crossentropy");
        var history = model.Fit(loader, epochs: 2, targetDelta: 1e-5, metricsEpsilon: 0.1);
        Assert.Equal(PrivacyBudget.CalibrateNoiseMultiplier(1000, 100, 2, 1.9, 1e-5), model.NoiseMultiplier!.Value, 9);
        Assert.True(charger.Charges[0].Epsilon <= 2.0 + 1e-9, $"charged {charger.Charges[0].Epsilon}");
        Assert.True(history.Epsilon > 1.9, "calibration should use (almost) all of the target");
    }

    [Fact]
    public void BatchNormIsRefusedWithAPointerToGroupNorm()
    {
        var model = new Sequential(new Conv2D(4, 3, inputShape: new[] { 1, 8, 8 }), new BatchNorm(), new Flatten(), new Dense(2));
        var error = Assert.Throws<NotSupportedException>(() => new PrivateKerasModel(model, 1.0, noiseMultiplier: 1.0));
        Assert.Contains("GroupNorm", error.Message);
    }

    [Fact]
    public void PrivateObjectsRevealNoValues()
    {
        var charger = new RecordingCharger();
        var secret = PrivateTensors.FromArray(new[] { 123.456f, 789.5f }, new[] { 2, 1 }, charger);
        Assert.DoesNotContain("123", secret.ToString());
        var model = new PrivateKerasModel(new Sequential(new Dense(1, inputShape: new[] { 1 })), 1.0, noiseMultiplier: 1.0);
        var predictions = model.Predict(secret);
        Assert.IsType<PrivateTensor>(predictions);
        Assert.Equal(new[] { 2, 1 }, predictions.Shape);
        Assert.DoesNotContain("123", predictions.ToString());
        Assert.DoesNotContain(typeof(PrivateTensor).GetProperties(), p => p.PropertyType != typeof(int[]) && p.PropertyType != typeof(int));
        Assert.Empty(charger.Charges);
    }

    [Fact]
    public void CellFacingTypesExposeNoTorchSharpTypes()
    {
        var leaks = typeof(PrivateKerasModel).Assembly.GetExportedTypes()
            .Where(t => t.Namespace != "PrivateEnv.Learning.Hosting")
            .SelectMany(t => t.GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
                .Select(m => (Type: t, Member: m)))
            .Where(x => MentionsTorch(x.Member))
            .Select(x => $"{x.Type.Name}.{x.Member.Name}")
            .ToList();
        Assert.Empty(leaks);
    }

    private static bool MentionsTorch(System.Reflection.MemberInfo member)
    {
        static bool Torch(Type t) => t.Namespace?.StartsWith("TorchSharp") == true || t.GetGenericArguments().Any(Torch) || (t.HasElementType && Torch(t.GetElementType()!));
        return member switch
        {
            System.Reflection.MethodInfo m => Torch(m.ReturnType) || m.GetParameters().Any(p => Torch(p.ParameterType)),
            System.Reflection.PropertyInfo p => Torch(p.PropertyType),
            System.Reflection.FieldInfo f => Torch(f.FieldType),
            System.Reflection.ConstructorInfo c => c.GetParameters().Any(p => Torch(p.ParameterType)),
            _ => false,
        };
    }

    [Fact]
    public void EmptyBatchesAreHandled()
    {
        var (loader, _) = LinearData(1000, 1);   // q = 0.001: about 37% of batches are empty
        var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 5.0);
        model.Compile("sgd", "crossentropy");
        var noise = ChargedNoise(loader.SamplingProbability, 5.0, 1.0, 50);
        var engine = new DpSgdEngine(model.Model, new CrossEntropy(), new Sgd(0.01), 1.0, noise, totalSteps: 50);
        engine.RunEpoch(loader, steps: 50);
        var clipping = new PerSampleClipping(model.Model, new CrossEntropy());
        var none = loader.Features.Data.narrow(0, 0, 0);
        clipping.AccumulateClippedGradients(none, loader.Labels.Data.narrow(0, 0, 0), 1.0);
        Assert.Equal(model.Model.TrainableParameters.Count(), clipping.ClippedSums.Length);
        Assert.All(clipping.ClippedSums, s => Assert.Equal(0.0, s.abs().sum().item<double>()));
    }

    /// <summary>
    /// Noise on the summed gradient is N(0, σ²C²), divided by the expected batch size: with zero clipped
    /// gradients, 51,300 noise values have sample std within 2% of σC/B (relative s.e. ≈ 0.3%, so this is a
    /// > 6σ band) and mean within 3% of it (s.e. ≈ 0.44%: > 6σ); the noise is CSPRNG-drawn, so no seed.
    /// </summary>
    [Fact]
    public void NoiseHasStandardDeviationSigmaTimesClipOverExpectedBatch()
    {
        var model = new Sequential(new Dense(100, inputShape: new[] { 512 }));
        var clipping = new PerSampleClipping(model, new MeanSquaredError());
        clipping.AccumulateClippedGradients(zeros(0, 512), zeros(0, 100), 1.5);   // an empty batch: zero clipped sums
        var noise = ChargedNoise(0.01, 1.3, 1.5, 1);
        _ = noise.SampleStep(10);
        clipping.AddNoiseAndNormalise(noise, expectedBatchSize: 250);
        var all = cat(model.TrainableParameters.Select(p => p.grad!.flatten()).ToArray(), 0);
        var expected = 1.3 * 1.5 / 250;
        Assert.InRange(all.std().item<float>(), expected * 0.98, expected * 1.02);
        Assert.InRange(all.mean().item<float>(), -expected * 0.03, expected * 0.03);
    }

    private static DpSgdNoise ChargedNoise(double q, double sigma, double clip, int steps)
    {
        var noise = new DpSgdNoise(q, sigma, clip, steps, 1, 1e-5);
        DpRelease.Charge(new RecordingCharger(), "test run", noise);
        return noise;
    }

    [Fact]
    public void SummaryListsLayersShapesAndParameters()
    {
        var summary = SeedModels.FashionMnistCnn().Summary();
        Assert.Contains("[16, 14, 14]", summary);
        Assert.Contains("[32, 4, 4]", summary);
        Assert.Contains("[10]", summary);
        Assert.Contains("26,010", summary);   // 1040 + 8224 + 16416 + 330
    }

    [Fact]
    public void ErrorsSayWhatToDo()
    {
        Assert.Contains("Use one of", Assert.Throws<ArgumentException>(() => new Dense(3, "relux")).Message);
        Assert.Contains("inputShape", Assert.Throws<InvalidOperationException>(() => new Sequential(new Dense(3)).Summary()).Message);
        var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0);
        var (loader, _) = LinearData(100, 10);
        Assert.Contains("Compile", Assert.Throws<InvalidOperationException>(() => model.Fit(loader, 1)).Message);
        Assert.Contains("exactly one", Assert.Throws<ArgumentException>(() => new PrivateKerasModel(model.Model, 1.0)).Message);
    }
}
