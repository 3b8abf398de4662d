using PrivateEnv.Client;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>DP-SGD from a server cell: charged before training, progress per epoch, weights out and back in.</summary>
public class LearningCellTests(LongCellServer fixture) : IClassFixture<LongCellServer>
{
    private const string Train = """
        using PrivateEnv.Learning.Layers;
        var x = FrameTensors.Features(patients, "age", "bmi", "systolic_bp", "cholesterol", "smoker");
        var y = FrameTensors.ClassLabels(patients, "diagnosis");
        var net = new Sequential(new Dense(16, "relu", inputShape: new[] { 5 }), new Dense(4));
        var model = new PrivateKerasModel(net, l2NormClip: 1.0, noiseMultiplier: 1.1);
        model.Compile(new Adam(0.01), new CrossEntropy(), "accuracy");
        var history = model.Fit(new PrivateDataLoader(x, y, batchSize: 200), epochs: 2, targetDelta: 1e-6);
        Export(model.Export(), "weights");
        Export(history.Epochs.Count, "epochs");
        """;

    [Fact]
    public async Task ACellTrainsPrivatelyExportsWeightsAndAnotherSessionContinuesFromThem()
    {
        byte[] weights;
        await using (var session = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]))
        {
            var result = await session.RunAsync(Train);
            Assert.True(result.Success, result.Error?.Message);
            var progress = result.Events.Where(e => e.KindCase == ExecuteEvent.KindOneofCase.Progress).ToList();
            Assert.Equal([1.0, 2.0], progress.Select(p => p.Progress.Current));
            Assert.Equal(2, session.Exports.Get<int>("epochs"));
            var export = session.Exports.Raw("weights");
            Assert.Equal((ValueKind.Model, ValueEncoding.Safetensors), (export.Kind, export.Encoding));
            Assert.IsType<PortableModel>(session.Exports.Decode("weights").Value);
            weights = export.Payload.ToByteArray();
            var odometer = await session.GetOdometerAsync();
            var charge = Assert.Single(odometer.Charges);
            Assert.InRange(charge.Epsilon, 0.5, 3.0);
            Assert.Equal(1e-6, charge.Delta, 12);
        }

        await using var next = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]);
        Assert.Equal("PrivateEnv.Learning.ModelExport", await next.PrivateImportAsync("pretrained", new PortableValue(PortableKind.Model, PortableEncoding.SafeTensors, weights)));
        var resumed = await next.RunAsync("""
            var x = FrameTensors.Features(patients, "age", "bmi", "systolic_bp", "cholesterol", "smoker");
            var y = FrameTensors.ClassLabels(patients, "diagnosis");
            var model = new PrivateKerasModel(pretrained.ToSequential(), l2NormClip: 1.0, noiseMultiplier: 1.5);
            model.Compile(new Sgd(0.05), new CrossEntropy(), "accuracy");
            Print(model.Fit(new PrivateDataLoader(x, y, batchSize: 200), epochs: 1, targetDelta: 1e-6).Epochs.Count);
            """);
        Assert.True(resumed.Success, resumed.Error?.Message);
        Assert.Equal("1\n", resumed.Stdout);
    }

    /// <summary>The README's deep-learning cell, as written there: schedule, history chart, export.</summary>
    [Fact]
    public async Task TheReadmeDeepLearningCellRuns()
    {
        var readme = File.ReadAllText(Path.Combine(PrivateEnv.TestSupport.RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("## Deep learning", StringComparison.Ordinal);
        var code = readme[(readme.IndexOf("```csharp\n", start, StringComparison.Ordinal) + 10)..];
        code = code[..code.IndexOf("```", StringComparison.Ordinal)];
        await using var session = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]);
        var result = await session.RunAsync(code);
        Assert.True(result.Success, result.Error?.Message);
        var display = Assert.Single(result.Events, e => e.KindCase == ExecuteEvent.KindOneofCase.Display);
        Assert.StartsWith("<svg", display.Display.Text["image/svg+xml"]);
        Assert.Contains("DP-SGD:", display.Display.Text["text/html"]);
        Assert.Equal((ValueKind.Model, ValueEncoding.Safetensors), (session.Exports.Raw("weights").Kind, session.Exports.Raw("weights").Encoding));
    }

    [Fact]
    public async Task TrainingOverTheBudgetIsRefusedBeforeTheFirstStep()
    {
        await using var session = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]);
        var result = await session.RunAsync(Train.Replace("noiseMultiplier: 1.1", "noiseMultiplier: 0.3"));
        Assert.Equal(ErrorKind.Budget, result.Error?.Kind);
        Assert.DoesNotContain(result.Events, e => e.KindCase is ExecuteEvent.KindOneofCase.Progress or ExecuteEvent.KindOneofCase.Export);
        Assert.Equal(0, (await session.GetOdometerAsync()).Session.EpsilonSpent);
    }
}
