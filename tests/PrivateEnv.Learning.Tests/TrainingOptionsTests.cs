using PrivateEnv.Learning.Layers;
using PrivateEnv.Learning.Training;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Tests;

/// <summary>Learning-rate schedules, the weight average, and ordinary training on public data.</summary>
public class TrainingOptionsTests
{
    [Fact]
    public void CosineScheduleWarmsUpThenFallsToItsFinalFraction()
    {
        var schedule = LearningRateSchedule.Cosine(warmupFraction: 0.1, finalFraction: 0.05);
        const long total = 1000;
        Assert.Equal(0.01, schedule.Factor(0, total), 12);
        Assert.Equal(1.0, schedule.Factor(99, total), 12);
        Assert.Equal(0.05, schedule.Factor(total - 1, total), 12);
        var after = Enumerable.Range(100, 900).Select(s => schedule.Factor(s, total)).ToArray();
        Assert.True(after.Zip(after.Skip(1)).All(p => p.Second <= p.First + 1e-15), "non-increasing after warm-up");
        Assert.Equal(0.05 + 0.95 * 0.5, schedule.Factor(100 + 450, total), 2);
        Assert.Equal(1.0, LearningRateSchedule.Constant.Factor(500, total));
    }

    [Theory]
    [InlineData(-0.1, 0.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, 1.5)]
    public void BadSchedulesAndAveragesAreRefusedAtCompile(double warmup, double final)
    {
        var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Compile(new Sgd(0.1) { Schedule = LearningRateSchedule.Cosine(warmup, final) }, new CrossEntropy()));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Compile(new Sgd(0.1) { EmaMomentum = 1.0 }, new CrossEntropy()));
    }

    [Fact]
    public void WeightAverageIsTheExponentialMovingAverageOfTheWeights()
    {
        var model = new Sequential(new Dense(1, useBias: false, inputShape: new[] { 1 }));
        var weight = model.TrainableParameters.Single();
        using (no_grad()) weight.fill_(2.0f);
        var average = new WeightAverage(model, 0.5);
        using (no_grad()) weight.fill_(4.0f);
        average.Update();                       // 0.5·2 + 0.5·4 = 3
        using (no_grad()) weight.fill_(8.0f);
        average.Update();                       // 0.5·3 + 0.5·8 = 5.5
        average.CopyIntoModel();
        Assert.Equal(5.5f, weight.item<float>(), 5);
    }

    [Fact]
    public void PublicFitLearnsASeparableProblemAndReportsFallingLoss()
    {
        var random = new Random(3);
        var inputs = Enumerable.Range(0, 400).Select(_ => new[] { random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1 }).ToArray();
        var targets = inputs.Select(x => x[0] + x[1] > 0 ? 1.0 : 0.0).ToArray();
        var model = new Sequential(new Dense(8, "tanh", inputShape: new[] { 2 }), new Dense(2));
        model.Compile(new Adam(0.05) { Schedule = LearningRateSchedule.Cosine() }, new CrossEntropy());
        var history = model.Fit(inputs, targets, epochs: 15, batchSize: 32);
        Assert.Equal(15, history.Loss.Count);
        Assert.True(history.Loss[^1] < history.Loss[0] / 3, string.Join(", ", history.Loss));
        var predictions = model.Predict(inputs);
        var accuracy = predictions.Zip(targets).Count(p => (p.First[1] > p.First[0] ? 1.0 : 0.0) == p.Second) / 400.0;
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        Assert.StartsWith("<svg", history.ToSvg());
    }

    [Fact]
    public void PublicFitSaysWhatIsWrongWithItsInput()
    {
        var model = new Sequential(new Dense(2, inputShape: new[] { 2 }));
        Assert.Throws<InvalidOperationException>(() => model.Fit(new[] { new[] { 1.0, 2.0 } }, new[] { 1.0 }));
        model.Compile("sgd", "crossentropy");
        Assert.Contains("one target per row", Assert.Throws<ArgumentException>(() => model.Fit(new[] { new[] { 1.0, 2.0 } }, new[] { 1.0, 0.0 })).Message);
        Assert.Contains("expects 2 per example", Assert.Throws<ArgumentException>(() => model.Fit(new[] { new[] { 1.0, 2.0, 3.0 } }, new[] { 1.0 })).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => model.Fit(new[] { new[] { double.NaN, 2.0 } }, new[] { 1.0 })).Message);
        Assert.Contains("class indices", Assert.Throws<ArgumentException>(() => model.Fit(new[] { new[] { 1.0, 2.0 } }, new[] { 0.5 })).Message);
    }

    [Fact]
    public void TrainingHistoryDrawsOneSvgDocumentWithBothCharts()
    {
        var epochs = new[]
        {
            new EpochRecord(1, 1.2, new Dictionary<string, double> { ["accuracy"] = 0.5 }, 0.4),
            new EpochRecord(2, 0.8, new Dictionary<string, double> { ["accuracy"] = 0.7 }, 0.6),
        };
        var history = new TrainingHistory(epochs, 0.6, 1e-5, 1.1, 100, PrivateEnv.Privacy.Accounting.AccountantKind.Rdp);
        var svg = history.ToSvg();
        Assert.StartsWith("<svg", svg);
        Assert.Equal(1, svg.Split("<svg xmlns").Length - 1);   // one root; the two charts are nested
        Assert.Equal(3, svg.Split("<polyline").Length - 1);    // loss and accuracy, then ε in its own chart
        Assert.Contains("ε spent", svg);
        var html = history.ToHtml();
        Assert.Contains("<td>0.7</td>", html);
        Assert.Contains("DP-SGD: 100 steps", html);
    }
}
