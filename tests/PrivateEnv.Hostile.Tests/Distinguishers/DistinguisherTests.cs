using System.Globalization;
using System.Text;
using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Learning;
using PrivateEnv.Learning.Layers;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Releases;
using PrivateEnv.Privacy.Sampling;
using PrivateEnv.Privacy.Tests;
using Xunit.Abstractions;

namespace PrivateEnv.Hostile.Tests.Distinguishers;

/// <summary>
/// A distinguisher for every release function: many releases on a dataset D and on D′ = D plus one row at the extremes
/// of every bound, at several ε, with releases drawn from a fixed seed. The certified loss of every event in the
/// family (<see cref="Distinguisher"/>) must stay at or below the charged ε. α = 1e-7 per event; with at most ~5,000
/// events per case a correct release fails a case with probability below 1e-3, and the fixed seeds make each outcome
/// reproducible. The same distinguisher certifies a loss far above ε for the old unsnapped Sum, so it can fail.
/// </summary>
public class DistinguisherTests(ITestOutputHelper output)
{
    private const double Alpha = 1e-7;

    private const string Metadata = """
        {"rows": 64, "columns": {
          "age": {"type": "numeric", "lower": 0, "upper": 100},
          "bmi": {"type": "numeric", "lower": 10, "upper": 60},
          "group": {"type": "categorical", "categories": ["a", "b", "c"]},
          "flag": {"type": "boolean"}}}
        """;

    private static readonly string BaseCsv = BuildCsv();
    private static readonly string NeighbourCsv = BaseCsv + "100,60,c,1\n";

    private static string BuildCsv()
    {
        var csv = new StringBuilder("age,bmi,group,flag\n");
        for (var i = 0; i < 50; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{20 + (i * 37) % 60},{18 + (i * 13) % 20 + 0.37 * (i % 7)},{"abc"[i % 3]},{i % 4 == 0}\n");
        return csv.ToString();
    }

    private sealed class Unlimited : IPrivacyCharger
    {
        public double Spent { get; private set; }
        public double Delta { get; private set; }
        public void Charge(PrivacyCharge charge) { Spent += charge.Epsilon; Delta = Math.Max(Delta, charge.Delta); }
    }

    private static PrivateDataFrame Frame(string csv, IPrivacyCharger charger) =>
        PrivateDataFrameLoader.Load("d", new StringReader(csv), DatasetMetadata.Parse(Metadata), charger);

    private static double[] Cells(PublicTable table, string column) => table.Numbers(column).Select(v => v ?? double.NaN).ToArray();

    /// <summary>One untrained classifier, its weights drawn from a fixed seed (so the figures repeat), evaluated on both datasets.</summary>
    private static readonly Lazy<PrivateKerasModel> EvaluationModel = new(() =>
    {
        TorchSharp.torch.manual_seed(17);
        var net = new Sequential(new Dense(2, inputShape: [2]));
        _ = net.ParameterCount;   // builds the layer now, from the seed
        var model = new PrivateKerasModel(net, 1.0, noiseMultiplier: 1.0);
        model.Compile(new Sgd(0.1), new CrossEntropy(), "accuracy");
        return model;
    });

    /// <summary>Each release function as ε → values; the charged ε must be the ε asked.</summary>
    public static IReadOnlyDictionary<string, Func<PrivateDataFrame, double, double[]>> Releases { get; } = new Dictionary<string, Func<PrivateDataFrame, double, double[]>>
    {
        ["frame Count"] = (df, e) => [df.Count(e)],
        ["series Count"] = (df, e) => [df["bmi"].Count(e)],
        ["Sum"] = (df, e) => [df["bmi"].Sum(e)],
        ["Mean"] = (df, e) => [df["bmi"].Mean(e)],
        ["Var"] = (df, e) => [df["age"].Var(e)],
        ["Std"] = (df, e) => [df["age"].Std(e)],
        ["Histogram (categories)"] = (df, e) => Cells(df["group"].Histogram(e), "count"),
        ["Histogram (bins)"] = (df, e) => Cells(df["bmi"].Histogram(5, e), "count"),
        ["ValueCounts"] = (df, e) =>
        {
            var table = df["group"].ValueCounts(e);
            return new[] { "a", "b", "c" }.Select(c => table.GetNumber(table.FindRow("group", c), "count")).ToArray();
        },
        ["Histogram2D"] = (df, e) => { var t = df.Histogram2D("group", "flag", e); return [.. Cells(t, "false"), .. Cells(t, "true")]; },
        ["Cov"] = (df, e) => [df.Cov("age", "bmi", e)],
        ["Corr"] = (df, e) => [df.Corr("age", "bmi", e)],
        ["GroupBy count, sum, mean"] = (df, e) =>
        {
            var t = df.GroupBy("group").Agg(e, ("*", "count"), ("bmi", "sum"), ("age", "mean"));
            return [.. Cells(t, "count"), .. Cells(t, "bmi_sum"), .. Cells(t, "age_mean")];
        },
        ["GroupBy var, std"] = (df, e) => { var t = df.GroupBy("flag").Agg(e, ("bmi", "var"), ("age", "std")); return [.. Cells(t, "bmi_var"), .. Cells(t, "age_std")]; },
        ["Quantile(0.3)"] = (df, e) => [df["bmi"].Quantile(0.3, e)],
        ["Median"] = (df, e) => [df["age"].Median(e)],
        ["Min"] = (df, e) => [df["age"].Min(e)],
        ["Max"] = (df, e) => [df["bmi"].Max(e)],
        ["Percentile(90)"] = (df, e) => [df["age"].Percentile(90, e)],
        ["Describe"] = (df, e) => Cells(df.Select("bmi").Describe(e), "bmi"),
        ["GroupBy median, min, max"] = (df, e) =>
        {
            var t = df.GroupBy("flag").Agg(e, ("bmi", "median"), ("age", "min"), ("age", "max"));
            return [.. Cells(t, "bmi_median"), .. Cells(t, "age_min"), .. Cells(t, "age_max")];
        },
        ["Model Evaluate (count, loss, accuracy)"] = (df, e) =>
        {
            var evaluation = EvaluationModel.Value.Evaluate(df, ["age", "bmi"], "flag", e, lossBound: 5);
            return [evaluation.Count, evaluation.Loss, evaluation.Metrics["accuracy"]];
        },
        ["Model RocCurve (AUC and curve)"] = (df, e) =>
        {
            var roc = EvaluationModel.Value.RocCurve(df, ["age", "bmi"], "flag", e, bins: 4);
            return [roc.Auc, .. Cells(roc.Curve, "true_positive_rate"), .. Cells(roc.Curve, "false_positive_rate")];
        },
        ["Loader DP count"] = (df, e) =>
        {
            var filtered = df[df["age"] > 30];
            return [new PrivateDataLoader(FrameTensors.Features(filtered, "age"), FrameTensors.ClassLabels(filtered, "flag"), batchSize: 1, sizeEpsilon: e).SampleSize];
        },
    };

    private static readonly string[] SelectionReleases = ["Quantile(0.3)", "Median", "Min", "Max", "Percentile(90)", "Describe", "GroupBy median, min, max"];

    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (var name in Releases.Keys)
            foreach (var eps in SelectionReleases.Contains(name) ? [1.0] : new[] { 0.5, 1.0, 2.0 })
                data.Add(name, eps);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Release_functions_stay_within_their_epsilon_on_neighbours(string release, double eps)
    {
        var samples = SelectionReleases.Contains(release) ? 1_500 : 20_000;
        var (onD, spent) = Sample(BaseCsv, release, eps, samples, seed: 11);
        var (onNeighbour, _) = Sample(NeighbourCsv, release, eps, samples, seed: 12);
        Assert.Equal(eps, spent, 9);
        var result = Distinguisher.CertifiedLoss(onD, onNeighbour, 0, Alpha);
        output.WriteLine($"{release}, ε = {eps}: certified loss {result.Loss:F3} ({result.Event}; {result.Events} events, {samples} releases per dataset)");
        Assert.True(result.Loss <= eps, $"{release} at ε = {eps}: certified loss {result.Loss:F3} > ε on {result.Event}");
    }

    private static (List<double[]> Values, double SpentPerRelease) Sample(string csv, string release, double eps, int samples, ulong seed)
    {
        var charger = new Unlimited();
        var frame = Frame(csv, charger);
        var function = Releases[release];
        using var seeded = ReleaseRandomness.Use(new LockedBits(new SeededRandomBits(seed)));
        var values = Enumerable.Range(0, samples).Select(_ => function(frame, eps)).ToList();
        return (values, charger.Spent / samples);
    }

    /// <summary>The old Sum: an exact double plus Laplace noise that is a multiple of a power-of-two step, never snapped.</summary>
    private static double LegacySum(string csv, double eps, IRandomBits bits)
    {
        var exact = csv.TrimEnd('\n').Split('\n').Skip(1).Sum(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture));
        var scale = 60 / eps;
        var step = Math.ScaleB(1.0, Math.ILogB(scale) - 20);
        return exact + step * ExactSamplers.DiscreteLaplace(bits, 1, (ulong)Math.Ceiling(scale / step));
    }

    [Fact]
    public void The_distinguisher_exposes_the_old_unsnapped_sum()
    {
        var bits = new SeededRandomBits(13);
        var onD = Enumerable.Range(0, 20_000).Select(_ => new[] { LegacySum(BaseCsv, 1, bits) }).ToList();
        // The added person's bmi (33.37) is not a multiple of the noise step, so the remainder of every release moves.
        var onNeighbour = Enumerable.Range(0, 20_000).Select(_ => new[] { LegacySum(BaseCsv + "57,33.37,b,0\n", 1, bits) }).ToList();
        var result = Distinguisher.CertifiedLoss(onD, onNeighbour, 0, Alpha);
        output.WriteLine($"old unsnapped Sum, ε = 1: certified loss {result.Loss:F3} ({result.Event})");
        Assert.True(result.Loss > 5, $"certified loss {result.Loss:F3} did not expose the unsnapped sum");
        Assert.Contains("mod 2^", result.Event);
    }

    /// <summary>
    /// The training history's loss and accuracy, released through the primitive: Fit on D and D′ (σ = 20, so DP-SGD adds
    /// little ε of its own); the certified loss of the released pair must stay within the whole charge.
    /// </summary>
    [Fact]
    public void Training_metrics_stay_within_the_charged_epsilon()
    {
        double[] Fit(PrivateDataFrame df, Unlimited charger)
        {
            var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: [2])), 1.0, noiseMultiplier: 20);
            model.Compile(new Sgd(0.1), new CrossEntropy(), "accuracy");
            var history = model.Fit(new PrivateDataLoader(FrameTensors.Features(df, "age", "bmi"), FrameTensors.ClassLabels(df, "flag"), 16), 1, 1e-5, metricsEpsilon: 1.0, metricsBound: 5);
            return [history.Epochs[0].Loss!.Value, history.Epochs[0].Metrics["accuracy"]];
        }
        const int samples = 1_000;
        var chargerD = new Unlimited();
        var chargerNeighbour = new Unlimited();
        List<double[]> onD, onNeighbour;
        using (ReleaseRandomness.Use(new LockedBits(new SeededRandomBits(14))))
        {
            var d = Frame(BaseCsv, chargerD);
            onD = Enumerable.Range(0, samples).Select(_ => Fit(d, chargerD)).ToList();
        }
        using (ReleaseRandomness.Use(new LockedBits(new SeededRandomBits(15))))
        {
            var neighbour = Frame(NeighbourCsv, chargerNeighbour);
            onNeighbour = Enumerable.Range(0, samples).Select(_ => Fit(neighbour, chargerNeighbour)).ToList();
        }
        var charged = chargerD.Spent / samples;
        var result = Distinguisher.CertifiedLoss(onD, onNeighbour, chargerD.Delta, Alpha);
        output.WriteLine($"training loss and accuracy, charged ε = {charged:F3}: certified loss {result.Loss:F3} ({result.Event})");
        Assert.True(result.Loss <= charged, $"certified loss {result.Loss:F3} > charged ε {charged:F3} on {result.Event}");
    }

    /// <summary>Describe runs columns on two threads: the seeded source must not be shared unsynchronised.</summary>
    private sealed class LockedBits(IRandomBits inner) : IRandomBits
    {
        private readonly object gate = new();
        public ulong NextUInt64() { lock (gate) return inner.NextUInt64(); }
    }
}
