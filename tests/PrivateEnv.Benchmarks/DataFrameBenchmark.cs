using System.Diagnostics;
using System.Globalization;
using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.Benchmarks;

/// <summary>
/// `dataframe`: DP statistics on large private frames. Targets: Describe(ε) over 1,000,000 rows ×
/// 8 numeric columns under 1 s; Mean(ε) over 10,000,000 rows within 3× a plain loop summing a
/// double[] of the same length. Prints medians of several runs. Options: --runs N (default 7),
/// --quick (10× fewer rows, for a smoke run).
/// </summary>
public static class DataFrameBenchmark
{
    public static int Run(string[] args)
    {
        var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(7);
        var scale = args.Contains("--quick") ? 10 : 1;
        var charger = new CountingCharger();
        Console.WriteLine($"PrivateEnv dataframe benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, median of {runs} runs after a warm-up");
        // The machine is shared: the load average tells how much the timings below were disturbed.
        if (File.Exists("/proc/loadavg")) Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();

        var rows = new List<IReadOnlyList<string>>();
        var describeRows = 1_000_000 / scale;
        var wide = WideFrame(describeRows, 8, charger);
        var describe = BenchmarkTable.Measure(runs, () => wide.Describe(1.0));
        rows.Add(Row("Describe(eps: 1), 8 numeric columns", describeRows, describe, "< 1000 ms", BenchmarkTable.Median(describe.Wall) < 1000));
        var continuous = WideFrame(describeRows, 8, charger, round: false);
        var describeContinuous = BenchmarkTable.Measure(runs, () => continuous.Describe(1.0));
        rows.Add(Row("  same, continuous values (no ties)", describeRows, describeContinuous, "< 1000 ms", BenchmarkTable.Median(describeContinuous.Wall) < 1000));

        var longRows = 10_000_000 / scale;
        var values = Values(longRows, seed: 7, lo: 0, hi: 100);
        var tall = PrivateDataFrameLoader.FromDataFrame("tall", new Mda.DataFrame(new Mda.DoubleDataFrameColumn("x", values)),
            DatasetMetadata.Parse("""{"columns": {"x": {"type": "numeric", "lower": 0, "upper": 100}}}"""), charger);
        double sink = 0;
        var plain = BenchmarkTable.Measure(runs, () => sink += PlainSum(values));
        var mean = BenchmarkTable.Measure(runs, () => sink += tall["x"].Mean(1.0));
        var ratio = BenchmarkTable.Median(mean.Wall) / BenchmarkTable.Median(plain.Wall);
        rows.Add(Row("plain loop: sum of a double[]", longRows, plain, "baseline", null));
        rows.Add(Row($"Mean(eps: 1) (× plain = {ratio.ToString("0.00", CultureInfo.InvariantCulture)})", longRows, mean, "≤ 3× plain", ratio <= 3));

        var withMissing = WithMissing(longRows / 10, charger);
        var missingMean = BenchmarkTable.Measure(runs, () => sink += withMissing["x"].Mean(1.0));
        rows.Add(Row("Mean(eps: 1), 10% missing", longRows / 10, missingMean, "info", null));
        var median = BenchmarkTable.Measure(runs, () => sink += wide["c0"].Median(1.0));
        rows.Add(Row("Median(eps: 1)", describeRows, median, "info", null));
        var grouped = GroupedFrame(describeRows, charger);
        var groupBy = BenchmarkTable.Measure(runs, () => grouped.GroupBy("g").Agg(1.0, ("x", "mean"), ("*", "count")));
        rows.Add(Row("GroupBy(4 groups).Agg(mean, count)", describeRows, groupBy, "info", null));

        // The same free operations and statistic on a filter that keeps almost no rows and on one that keeps all of them:
        // every frame spans the dataset's row slots, so the work (and time) must not follow how many rows a filter kept.
        var few = wide[wide["c0"] > 99.999];
        var all = wide[wide["c0"] > -1];
        double Chain(PrivateDataFrame f) => ((f["c1"] * 2 + f["c2"]).Map(x => Math.Log(x + 1), 0, 6) - 1).Clip(0, 4).Mean(1.0) + f[f["c3"] > 50].Count(1.0);
        var fewTimes = BenchmarkTable.Measure(runs, () => sink += Chain(few));
        var allTimes = BenchmarkTable.Measure(runs, () => sink += Chain(all));
        var work = BenchmarkTable.Median(allTimes.Wall) / BenchmarkTable.Median(fewTimes.Wall);
        rows.Add(Row("free ops + Mean + Count, filter keeping ~10 rows", describeRows, fewTimes, "baseline", null));
        rows.Add(Row($"  same, filter keeping every row (× few = {work.ToString("0.00", CultureInfo.InvariantCulture)})", describeRows, allTimes, "0.9–1.1× few", work is >= 0.9 and <= 1.1));

        // The same for a model: predictions into a frame and a DP evaluation over the same two filters.
        var model = new PrivateEnv.Learning.PrivateKerasModel(
            new PrivateEnv.Learning.Sequential(new PrivateEnv.Learning.Layers.Dense(8, "tanh", inputShape: [4]), new PrivateEnv.Learning.Layers.Dense(1)), 1.0, noiseMultiplier: 1.0);
        model.Compile("sgd", "mse");
        string[] features = ["c0", "c1", "c2", "c3"];
        double Score(PrivateDataFrame f) => model.Predict(f, features, ["y"], lower: 0, upper: 800)["y"].Mean(1.0) + model.Evaluate(f, features, "c7", 1.0, lossBound: 100).Loss;
        var fewModel = BenchmarkTable.Measure(runs, () => sink += Score(few));
        var allModel = BenchmarkTable.Measure(runs, () => sink += Score(all));
        var modelWork = BenchmarkTable.Median(allModel.Wall) / BenchmarkTable.Median(fewModel.Wall);
        rows.Add(Row("model Predict + Mean + Evaluate, filter keeping ~10 rows", describeRows, fewModel, "baseline", null));
        rows.Add(Row($"  same, filter keeping every row (× few = {modelWork.ToString("0.00", CultureInfo.InvariantCulture)})", describeRows, allModel, "0.9–1.1× few", modelWork is >= 0.9 and <= 1.1));

        BenchmarkTable.Print(["operation", "rows", "median ms", "min ms", "median cpu ms", "target (wall)", "met"], rows);
        if (File.Exists("/proc/loadavg")) Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine();
        Console.WriteLine($"({charger.Charges} charges made; checksum {sink.ToString("G3", CultureInfo.InvariantCulture)})");
        return 0;
    }

    private static IReadOnlyList<string> Row(string name, int rows, BenchmarkTable.Timings times, string target, bool? met) =>
        [name, rows.ToString("N0", CultureInfo.InvariantCulture), BenchmarkTable.Ms(BenchmarkTable.Median(times.Wall)), BenchmarkTable.Ms(times.Wall.Min()),
         BenchmarkTable.Ms(BenchmarkTable.Median(times.Cpu)), target, met is null ? "" : met.Value ? "yes" : "NO"];

    private static double PlainSum(double[] values)
    {
        double sum = 0;
        for (var i = 0; i < values.Length; i++) sum += values[i];
        return sum;
    }

    // Benchmark data only (not DP noise): a seeded generator keeps runs comparable.
    // Values are rounded to one decimal like real measurements unless round is false.
    private static double[] Values(int n, int seed, double lo, double hi, bool round = true)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var value = lo + (hi - lo) * (0.5 + 0.15 * Gaussian(random));
            values[i] = round ? Math.Round(value, 1) : value;
        }
        return values;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static PrivateDataFrame WideFrame(int n, int columns, IPrivacyCharger charger, bool round = true)
    {
        var frame = new Mda.DataFrame(Enumerable.Range(0, columns).Select(c => (Mda.DataFrameColumn)new Mda.DoubleDataFrameColumn($"c{c}", Values(n, c, 0, 100 * (c + 1), round))));
        var meta = "{\"columns\": {" + string.Join(", ", Enumerable.Range(0, columns).Select(c => $"\"c{c}\": {{\"type\": \"numeric\", \"lower\": 0, \"upper\": {100 * (c + 1)}}}")) + "}}";
        return PrivateDataFrameLoader.FromDataFrame("wide", frame, DatasetMetadata.Parse(meta), charger);
    }

    private static PrivateDataFrame WithMissing(int n, IPrivacyCharger charger)
    {
        var values = Values(n, 3, 0, 100);
        var column = new Mda.DoubleDataFrameColumn("x", values.Select((v, i) => i % 10 == 0 ? (double?)null : v));
        return PrivateDataFrameLoader.FromDataFrame("missing", new Mda.DataFrame(column),
            DatasetMetadata.Parse("""{"columns": {"x": {"type": "numeric", "lower": 0, "upper": 100}}}"""), charger);
    }

    private static PrivateDataFrame GroupedFrame(int n, IPrivacyCharger charger)
    {
        string[] groups = ["north", "south", "east", "west"];
        var frame = new Mda.DataFrame(
            new Mda.DoubleDataFrameColumn("x", Values(n, 11, 0, 100)),
            new Mda.StringDataFrameColumn("g", Enumerable.Range(0, n).Select(i => groups[i % 4])));
        return PrivateDataFrameLoader.FromDataFrame("grouped", frame,
            DatasetMetadata.Parse("""{"columns": {"x": {"type": "numeric", "lower": 0, "upper": 100}, "g": {"type": "categorical", "categories": ["north", "south", "east", "west"]}}}"""), charger);
    }

    /// <summary>An unlimited charger: the benchmark measures computation, not the ledger.</summary>
    private sealed class CountingCharger : IPrivacyCharger
    {
        public int Charges;
        public void Charge(PrivacyCharge charge) => Interlocked.Increment(ref Charges);
    }

    /// <summary>Times an action several times and prints rows of an aligned table (kept here so each command stays one file).</summary>
    private static class BenchmarkTable
    {
        /// <summary>Wall-clock and process CPU time of each run, in ms.</summary>
        public sealed record Timings(double[] Wall, double[] Cpu);

        /// <summary>
        /// Runs once to warm up, then <paramref name="runs"/> times. CPU time (all threads of this
        /// process) is less disturbed than wall-clock time when other work shares the machine.
        /// </summary>
        public static Timings Measure(int runs, Action action)
        {
            action();
            var wall = new double[runs];
            var cpu = new double[runs];
            using var process = Process.GetCurrentProcess();
            for (var i = 0; i < runs; i++)
            {
                process.Refresh();
                var cpuStart = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                action();
                wall[i] = watch.Elapsed.TotalMilliseconds;
                process.Refresh();
                cpu[i] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
            }
            return new Timings(wall, cpu);
        }

        public static double Median(double[] values) => Timing.MedianOf(values);

        public static void Print(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
        {
            var all = new List<IReadOnlyList<string>> { header };
            all.AddRange(rows);
            var widths = header.Select((_, c) => all.Max(r => r[c].Length)).ToArray();
            string Line(IReadOnlyList<string> r) => string.Join(" | ", r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
            Console.WriteLine(Line(header));
            Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
            foreach (var row in all.Skip(1)) Console.WriteLine(Line(row));
        }

        public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
