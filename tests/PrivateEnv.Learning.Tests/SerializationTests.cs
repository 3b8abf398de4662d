using System.IO.Compression;
using PrivateEnv.Learning.Hosting;
using PrivateEnv.Learning.Layers;
using PrivateEnv.Portable;

namespace PrivateEnv.Learning.Tests;

public class SerializationTests
{
    [Fact]
    public void ExportThenImportReproducesPredictions()
    {
        var model = new Sequential(new Conv1D(4, 3, padding: Conv1D.Same, activation: "gelu", inputShape: new[] { 2, 8 }), new GroupNorm(2),
            new MaxPool1D(2), new Flatten(), new Dropout(0.2), new Dense(3, "softmax"));
        var export = ModelExport.From(model);
        var dir = Directory.CreateTempSubdirectory("model-export");
        try
        {
            ModelFiles.Save(export, dir.FullName);
            var imported = ModelFiles.Load(dir.FullName).ToSequential();
            var inputs = Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 16).Select(j => Math.Sin(i * 16 + j)).ToArray()).ToArray();
            var expected = model.Predict(inputs);
            var actual = imported.Predict(inputs);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
            Assert.Equal(model.Summary(), imported.Summary());
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void ExportedModelsDecodeAsPortableModelsAndReencodeToTheSameBytes()
    {
        var model = new Sequential(new Dense(4, "tanh", inputShape: new[] { 3 }), new Dense(2));
        var export = ModelExport.From(model);
        // The wire form as ModelExport.ToPortable() wrote it before the codec (SafeTensors.Write is unchanged):
        // the weights' tensors, their metadata, then the architecture.
        var (tensors, metadata) = SafeTensors.Read(export.SafeTensorsWeights);
        var before = SafeTensors.Write(tensors, new Dictionary<string, string>(metadata) { ["architecture"] = export.ArchitectureJson });

        var blob = export.ToPortable().Encode();
        Assert.Equal(before, blob);
        var decoded = PortableModel.Decode(blob);   // no TorchSharp on this side
        Assert.Equal(export.ArchitectureJson, decoded.ArchitectureJson);
        Assert.Equal(blob, decoded.Encode());
        Assert.Equal(export.SafeTensorsWeights, ModelExport.From(decoded).SafeTensorsWeights);
        Assert.Equal(blob, ModelExport.FromPortable(blob).ToPortable().Encode());
        var probe = new[] { new[] { 0.5, -1.0, 2.0 } };
        Assert.Equal(model.Predict(probe), ModelExport.From(decoded).ToSequential().Predict(probe));
    }

    [Fact]
    public void ImportRejectsWeightsThatDoNotMatchTheArchitecture()
    {
        var export = ModelExport.From(new Sequential(new Dense(3, inputShape: new[] { 4 })));
        var other = ModelExport.From(new Sequential(new Dense(2, inputShape: new[] { 4 })));
        var mixed = new ModelExport(export.ArchitectureJson, other.SafeTensorsWeights);
        var error = Assert.Throws<InvalidDataException>(() => mixed.ToSequential());
        Assert.Contains("layers.0.weight", error.Message);
    }

    [Fact]
    public void LocallyTrainedModelCanBeImportedAndTrainedFurtherPrivately()
    {
        // "Local" training on public data, as an analyst would do on their own machine.
        var local = new Sequential(new Dense(8, "tanh", inputShape: new[] { 2 }), new Dense(2));
        var trainer = new PrivateEnv.Learning.Training.NonPrivateTrainer(local, new CrossEntropy(), new Adam(0.05), totalSteps: 50);
        var random = new Random(3);
        float[] Point() => new[] { (float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1) };
        for (int step = 0; step < 50; step++)
        {
            var points = Enumerable.Range(0, 64).Select(_ => Point()).ToArray();
            trainer.Step(TorchSharp.torch.tensor(points.SelectMany(p => p).ToArray(), new long[] { 64, 2 }),
                TorchSharp.torch.tensor(points.Select(p => p[0] > p[1] ? 1L : 0L).ToArray()));
        }
        var imported = ModelExport.From(local).ToSequential();
        var probe = new[] { new[] { 0.9, -0.9 }, new[] { -0.9, 0.9 } };
        Assert.Equal(local.Predict(probe), imported.Predict(probe));

        var charger = new RecordingCharger();
        var privatePoints = Enumerable.Range(0, 1000).Select(_ => Point()).ToArray();
        var (pointTensor, classes) = PrivateTensors.FromArrays(privatePoints.SelectMany(p => p).ToArray(), new[] { 1000, 2 },
            privatePoints.Select(p => p[0] > p[1] ? 1L : 0L).ToArray(), charger);
        var loader = new PrivateDataLoader(pointTensor, classes!, 100);
        var model = new PrivateKerasModel(imported, l2NormClip: 1.0, noiseMultiplier: 1.0);
        model.Compile(new Sgd(0.1), new CrossEntropy());
        model.Fit(loader, epochs: 1, metricsEpsilon: 0);
        Assert.Single(charger.Charges);
        Assert.NotEqual(local.Predict(probe), imported.Predict(probe));   // the weights moved under DP-SGD
        var after = imported.Predict(probe);
        Assert.True(after[0][1] > after[0][0] && after[1][0] > after[1][1], "the fine-tuned model still separates the classes");
    }

    private static byte[] Idx(int[] shape, byte[] data)
    {
        var stream = new MemoryStream();
        stream.Write(new byte[] { 0, 0, 0x08, (byte)shape.Length });
        foreach (var d in shape) stream.Write(new[] { (byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d });
        stream.Write(data);
        return stream.ToArray();
    }

    [Fact]
    public void IdxReaderReadsPlainAndGzippedFiles()
    {
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var plain = Idx(new[] { 2, 3, 4 }, data);
        var zipped = new MemoryStream();
        using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(plain);
        foreach (var bytes in new[] { plain, zipped.ToArray() })
        {
            var contents = IdxFile.Read(new MemoryStream(bytes));
            Assert.Equal(new[] { 2, 3, 4 }, contents.Shape);
            Assert.Equal(data, contents.Data);
        }
        Assert.Throws<InvalidDataException>(() => IdxFile.Read(new MemoryStream(plain[..^3])));
        Assert.Throws<InvalidDataException>(() => IdxFile.Read(new MemoryStream(new byte[] { 1, 2, 3, 4, 5 })));
    }

    [Fact]
    public void HostFactoriesMakeImagesAndLabelsFromIdxFiles()
    {
        var dir = Directory.CreateTempSubdirectory("idx");
        try
        {
            var images = Path.Combine(dir.FullName, "images-idx3-ubyte");
            var labels = Path.Combine(dir.FullName, "labels-idx1-ubyte");
            File.WriteAllBytes(images, Idx(new[] { 3, 2, 2 }, Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray()));
            File.WriteAllBytes(labels, Idx(new[] { 3 }, new byte[] { 0, 9, 4 }));
            var charger = new RecordingCharger();
            var (features, classes) = PrivateTensors.FromIdx(images, labels, charger);
            Assert.Equal(new[] { 3, 1, 2, 2 }, features.Shape);
            Assert.Equal(new[] { 3 }, classes.Shape);
            Assert.Equal(220f / 255f, features.Data[2, 0, 1, 1].item<float>(), 6);
            Assert.Equal(9L, classes.Data[1].item<long>());
            Assert.StartsWith("PrivateTensor[3, 1, 2, 2]", features.ToString());
        }
        finally { dir.Delete(recursive: true); }
    }
}
