using System.Diagnostics;
using System.Text.Json;
using PrivateEnv.Learning;
using PrivateEnv.Learning.Hosting;
using PrivateEnv.Learning.Training;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using static TorchSharp.torch;

namespace PrivateEnv.Benchmarks;

/// <summary>
/// The seed CNN on Fashion-MNIST, batch 250: seconds per non-private epoch vs per DP-SGD epoch, their ratio,
/// peak-memory growth of an epoch of each, test accuracy and ε (PLD, δ=1e-5). Defaults are the best configuration
/// found so far: tanh activations (Papernot et al. 2021), C=0.1, SGD lr 0.5 with momentum 0.9 and a cosine schedule,
/// 80 epochs, σ calibrated so that the whole run spends ε=3 under PLD. Test accuracy in nine runs of this
/// configuration: 86.35, 85.67, 85.84 % (earlier per-sample code, same arithmetic) and 86.01, 86.29, 86.09, 86.05,
/// 86.11, 86.15 % (2026-12-01): median 86.09 %, so a single run lands within a few tenths of the 86 % target.
/// The seed's own settings: --activation relu --clip 1.5 --sigma 1.3 --lr 0.25 --momentum 0 --schedule constant --epochs 15.
/// Both sides are summarised alike: the median epoch (DP epochs after the first, which also holds the run's
/// accounting) for seconds and for peak-memory growth, with the largest also shown.
/// Options: --epochs N, --baseline-epochs N (default 4: half before the DP run, half after), --sigma S or --target-epsilon E, --lr L, --momentum M,
/// --clip C, --batch B, --activation relu|tanh, --schedule constant|cosine, --ema M (average of the weights),
/// --eval-each-epoch (test accuracy after each epoch, on stderr, outside the timings), --json.
/// </summary>
public static class DpSgdBenchmark
{
    private const string DataDirectory = "/usr/share/datasets/fashion-mnist";
    private const float FashionMnistMean = 0.2860f, FashionMnistStd = 0.3530f;   // public dataset constants

    public static int Run(string[] args)
    {
        int epochs = IntOption(args, "--epochs", 80), baselineEpochs = IntOption(args, "--baseline-epochs", 4), batch = IntOption(args, "--batch", 250);
        double learningRate = DoubleOption(args, "--lr", 0.5), momentum = DoubleOption(args, "--momentum", 0.9), clip = DoubleOption(args, "--clip", 0.1), delta = 1e-5;
        // σ is calibrated to ε=3 unless --sigma is given.
        double? targetEpsilon = args.Contains("--sigma") ? null : DoubleOption(args, "--target-epsilon", 3);
        var activation = StringOption(args, "--activation", "tanh");
        var sigma = targetEpsilon is { } target
            ? PrivacyBudget.CalibrateNoiseMultiplier(60_000, batch, epochs, target, delta, AccountantKind.Pld)
            : DoubleOption(args, "--sigma", 1.3);
        double? ema = args.Contains("--ema") ? DoubleOption(args, "--ema", 0.999) : null;
        var schedule = StringOption(args, "--schedule", "cosine") switch
        {
            "constant" => LearningRateSchedule.Constant,
            "cosine" => LearningRateSchedule.Cosine(),
            var other => throw new ArgumentException($"--schedule: constant or cosine, got '{other}'"),
        };
        var json = args.Contains("--json");
        set_num_threads(2);

        var charger = new UnlimitedCharger();
        var (train, trainLabels) = PrivateTensors.FromIdx(Path.Combine(DataDirectory, "train-images-idx3-ubyte.gz"),
            Path.Combine(DataDirectory, "train-labels-idx1-ubyte.gz"), charger, FashionMnistMean, FashionMnistStd);
        var test = IdxFile.Read(Path.Combine(DataDirectory, "t10k-images-idx3-ubyte.gz"));
        var testLabels = IdxFile.Read(Path.Combine(DataDirectory, "t10k-labels-idx1-ubyte.gz")).Data;
        var testInputs = test.Data.Select(b => (b / 255f - FashionMnistMean) / FashionMnistStd).ToArray();

        // Non-private baseline: same model and optimizer, shuffled fixed-size batches, mean loss, one backward.
        var baseline = SeedModels.FashionMnistCnn(activation);
        var trainer = new NonPrivateTrainer(baseline, new CrossEntropy(), new Sgd(learningRate, momentum), totalSteps: train.Shape[0] / batch * baselineEpochs);
        var baselineSeconds = new List<double>();
        var baselinePeaks = new List<double>();
        void RunBaselineEpochs(int count)
        {
            for (int e = 0; e < count; e++)
            {
                var (seconds, peak) = Measure(() =>
                {
                    var order = randperm(train.Shape[0]);
                    for (long start = 0; start + batch <= train.Shape[0]; start += batch)
                    {
                        using var scope = NewDisposeScope();
                        var idx = order.narrow(0, start, batch);
                        trainer.Step(train.Data.index_select(0, idx), trainLabels.Data.index_select(0, idx));
                    }
                });
                baselineSeconds.Add(seconds);
                baselinePeaks.Add(peak);
            }
        }
        // Half the baseline epochs before the DP run and half after it, so that a slow spell of the shared machine
        // during either part shifts both sides of the ratio alike.
        RunBaselineEpochs((baselineEpochs + 1) / 2);

        // DP-SGD through the public API; epoch times from the progress hook.
        var model = new PrivateKerasModel(SeedModels.FashionMnistCnn(activation), l2NormClip: clip, noiseMultiplier: sigma);
        model.Compile(new Sgd(learningRate, momentum) { Schedule = schedule, EmaMomentum = ema }, new CrossEntropy());
        var sink = new TimingSink(args.Contains("--eval-each-epoch") ? () => Accuracy(model.Model, testInputs, testLabels) : null);
        TrainingProgress.Install(sink);
        sink.Start(CleanBaselineKb());
        var history = model.Fit(new PrivateDataLoader(train, trainLabels, batch), epochs, delta, AccountantKind.Pld, metricsEpsilon: 0);
        TrainingProgress.Install(null);
        RunBaselineEpochs(baselineEpochs / 2);
        var baselineAccuracy = Accuracy(baseline, testInputs, testLabels);
        // Epoch 1 also holds Fit's one-time accounting (the PLD of the run), so the epoch figures come from the others.
        var dpPeaks = (sink.PeakGrowthKb.Count > 1 ? sink.PeakGrowthKb.Skip(1) : sink.PeakGrowthKb).Select(kb => kb * 1024.0).ToList();
        var dpFirstPeak = sink.PeakGrowthKb[0] * 1024;
        var dpAccuracy = Accuracy(model.Model, testInputs, testLabels);
        var rdpEpsilon = PrivacyBudget.Estimate(train.Shape[0], batch, epochs, sigma, delta, AccountantKind.Rdp).Epsilon;

        var dpSeconds = sink.EpochSeconds.Skip(sink.EpochSeconds.Count > 1 ? 1 : 0).ToList();
        double baselineEpoch = Timing.MedianOf(baselineSeconds), dpEpoch = Timing.MedianOf(dpSeconds);
        double baselinePeak = Timing.MedianOf(baselinePeaks), dpPeak = Timing.MedianOf(dpPeaks);
        var result = new Dictionary<string, object>
        {
            ["model"] = "seed CNN (Conv16k8s2p3-MaxPool2s1-Conv32k4s2-MaxPool2s1-Dense32-Dense10)",
            ["activation"] = activation,
            ["batch_size"] = batch,
            ["epochs"] = epochs,
            ["noise_multiplier"] = Math.Round(sigma, 4),
            ["l2_norm_clip"] = clip,
            ["learning_rate"] = learningRate,
            ["momentum"] = momentum,
            ["schedule"] = schedule.ToString()!,
            ["ema_momentum"] = ema?.ToString() ?? "none",
            ["nonprivate_epoch_seconds_median"] = Math.Round(baselineEpoch, 2),
            ["dp_epoch_seconds_median"] = Math.Round(dpEpoch, 2),
            ["dp_over_nonprivate"] = Math.Round(dpEpoch / baselineEpoch, 3),
            ["nonprivate_epoch_seconds_min"] = Math.Round(baselineSeconds.Min(), 2),
            ["dp_epoch_seconds_min"] = Math.Round(dpSeconds.Min(), 2),
            ["nonprivate_epoch_peak_rss_growth_mb_median"] = Math.Round(baselinePeak / 1e6, 1),
            ["dp_epoch_peak_rss_growth_mb_median"] = Math.Round(dpPeak / 1e6, 1),
            ["dp_over_nonprivate_memory"] = Math.Round(dpPeak / baselinePeak, 3),
            ["nonprivate_epoch_peak_rss_growth_mb_max"] = Math.Round(baselinePeaks.Max() / 1e6, 1),
            ["dp_epoch_peak_rss_growth_mb_max"] = Math.Round(dpPeaks.Max() / 1e6, 1),
            ["dp_first_epoch_peak_rss_growth_mb_with_accounting"] = Math.Round(dpFirstPeak / 1e6, 1),
            ["nonprivate_test_accuracy_after_baseline_epochs"] = Math.Round(baselineAccuracy, 4),
            ["dp_test_accuracy"] = Math.Round(dpAccuracy, 4),
            ["epsilon_pld"] = Math.Round(history.Epsilon, 4),
            ["epsilon_rdp"] = Math.Round(rdpEpsilon, 4),
            ["delta"] = delta,
            ["dp_epoch_seconds_all"] = sink.EpochSeconds.Select(s => Math.Round(s, 2)).ToArray(),
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        Console.WriteLine($"DP-SGD benchmark: seed CNN on Fashion-MNIST (60,000 train / 10,000 test), batch {batch}, torch threads 2");
        Console.WriteLine($"{"metric",-44} {"value",12}");
        Console.WriteLine(new string('-', 57));
        foreach (var (key, value) in result.Where(kv => kv.Key is not ("model" or "dp_epoch_seconds_all")))
            Console.WriteLine($"{key,-44} {value,12}");
        Console.WriteLine($"{"dp epoch seconds (each)",-44} {string.Join(" ", (double[])result["dp_epoch_seconds_all"])}");
        return 0;
    }

    /// <summary>Test accuracy, predicted a batch at a time so that evaluating needs no more memory than a training step.</summary>
    private static double Accuracy(Sequential model, float[] inputs, byte[] labels)
    {
        const int chunk = 250, classes = 10;
        var exampleSize = inputs.Length / labels.Length;
        int correct = 0;
        for (int start = 0; start < labels.Length; start += chunk)
        {
            var count = Math.Min(chunk, labels.Length - start);
            var outputs = model.Predict(inputs.AsSpan(start * exampleSize, count * exampleSize).ToArray());
            for (int i = 0; i < count; i++)
            {
                var row = outputs.AsSpan(i * classes, classes);
                int best = 0;
                for (int k = 1; k < classes; k++) if (row[k] > row[best]) best = k;
                if (best == labels[start + i]) correct++;
            }
        }
        return (double)correct / labels.Length;
    }

    /// <summary>Wall time and growth of peak resident memory (VmHWM, reset through /proc/self/clear_refs) over an action, from a clean baseline.</summary>
    private static (double Seconds, long PeakGrowthBytes) Measure(Action action)
    {
        var before = CleanBaselineKb();
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        return (watch.Elapsed.TotalSeconds, (ReadStatusKb("VmHWM") - before) * 1024);
    }

    /// <summary>
    /// Resident memory after giving back what earlier work freed (a compacting, decommitting GC and
    /// glibc's malloc_trim), with the high-water mark reset: growth from here is what the next work needs.
    /// </summary>
    private static long CleanBaselineKb()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        if (OperatingSystem.IsLinux()) _ = malloc_trim(0);
        ResetPeak();
        return ReadStatusKb("VmRSS");
    }

    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int malloc_trim(nuint pad);

    private static long ReadStatusKb(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":"));
        return line is null ? 0 : long.Parse(line.Split(':', StringSplitOptions.TrimEntries)[1].Split(' ')[0]);
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

    private static string StringOption(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

    private static double DoubleOption(string[] args, string name, double fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>Epoch times from the progress hook; optionally the test accuracy after each epoch (not timed).</summary>
    private sealed class TimingSink(Func<double>? testAccuracy) : ITrainingProgressSink
    {
        private readonly Stopwatch watch = new();
        private double last;
        private long baselineKb;
        public List<double> EpochSeconds { get; } = new();
        /// <summary>Per epoch: peak resident memory above a clean baseline taken as the epoch began (as for the baseline's epochs).</summary>
        public List<long> PeakGrowthKb { get; } = new();
        public void Start(long cleanBaselineKb) { baselineKb = cleanBaselineKb; watch.Restart(); last = 0; }
        public void OnEpoch(EpochRecord epoch, int totalEpochs)
        {
            var now = watch.Elapsed.TotalSeconds;
            PeakGrowthKb.Add(ReadStatusKb("VmHWM") - baselineKb);
            EpochSeconds.Add(now - last);
            var accuracy = testAccuracy is null ? "" : $", test accuracy {testAccuracy():P2}";
            Console.Error.WriteLine($"  DP epoch {epoch.Epoch}/{totalEpochs}: {EpochSeconds[^1]:F1} s, ε so far {epoch.Epsilon:G4}, peak growth {PeakGrowthKb[^1] / 1024} MB, RSS {ReadStatusKb("VmRSS") / 1024} MB, GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576} MB{accuracy}");
            // The next epoch's clock starts after this clean-up, which is not part of training.
            baselineKb = CleanBaselineKb();
            last = watch.Elapsed.TotalSeconds;
        }
    }

    /// <summary>The benchmark is its own data owner: it records nothing and refuses nothing.</summary>
    private sealed class UnlimitedCharger : IPrivacyCharger
    {
        public void Charge(PrivacyCharge charge) => charge.Validate();
    }
}
