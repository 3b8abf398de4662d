using System.Diagnostics;
using System.Globalization;
using PrivateEnv.Client;
using PrivateEnv.TestSupport;
using PrivateEnv.DataFrame;
using PrivateEnv.Privacy;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Benchmarks;

/// <summary>
/// `sandbox [--cells N] [--memory-cells N] [--runs R]`: (1) compile time of a cell with and without
/// verification (syntax walk + IOperation walk + IL scan), in-process; (2) round trip of a trivial
/// cell client → server → worker → client on a warm session of the real server (bubblewrap when
/// present); (3) the worker's resident memory over a long session. Prints medians over R runs.
/// </summary>
public static class SandboxBenchmark
{
    private const string ApiKey = "benchmark-key-0001";

    public static int Run(string[] args)
    {
        var cells = IntOption(args, "--cells", 300);
        var memoryCells = IntOption(args, "--memory-cells", 1000);
        var runs = IntOption(args, "--runs", 3);
        CompileCost(cells, runs);
        return ServerBenchmarksAsync(cells, memoryCells, runs).GetAwaiter().GetResult();
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static readonly string[] CompileCells =
    [
        "var x = 1 + 2;",
        "var xs = new List<int> { 1, 2, 3 }; var total = xs.Where(v => v > 1).Sum(); Print(total);",
        "record Point(int X, int Y); var p = new Point(1, 2) with { Y = 3 }; Print(p);",
        "IEnumerable<int> Upto(int n) { for (var i = 1; i <= n; i++) yield return i; } Print(Upto(10).Select(i => i * i).Sum());",
    ];

    private static void CompileCost(int cells, int runs)
    {
        var compiler = new CellCompiler(AllowList.Default, [typeof(PrivateDataFrame).Assembly, typeof(BudgetExceededException).Assembly]);
        Console.WriteLine("Compile time per cell (ms), median of runs; verified = syntax + IOperation walk (on a second thread, beside Emit) + IL scan");
        Console.WriteLine("wall = latency of Compile; cpu = processor time of the whole process (both threads)");
        Console.WriteLine($"{"cell",-58} {"trusted",8} {"verified",9} {"wall +",7} {"cpu +",7}");
        var process = Process.GetCurrentProcess();
        foreach (var code in CompileCells)
        {
            for (var warm = 0; warm < 20; warm++) { compiler.Compile(code, null, trusted: true); compiler.Compile(code, null); }
            List<double> trusted = [], verified = [], trustedCpu = [], verifiedCpu = [];
            for (var run = 0; run < runs; run++)
            {
                // Interleaved so background load on the machine hits both alike.
                double t = 0, v = 0, tc = 0, vc = 0;
                var count = cells / 10 + 10;
                for (var i = 0; i < count; i++)
                {
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    var a = compiler.Compile(code, null, trusted: true);
                    t += clock.Elapsed.TotalMilliseconds;
                    process.Refresh();
                    tc += (process.TotalProcessorTime - cpu).TotalMilliseconds;
                    cpu = process.TotalProcessorTime;
                    clock.Restart();
                    var b = compiler.Compile(code, null);
                    v += clock.Elapsed.TotalMilliseconds;
                    process.Refresh();
                    vc += (process.TotalProcessorTime - cpu).TotalMilliseconds;
                    if (!a.Succeeded || !b.Succeeded) throw new InvalidOperationException($"benchmark cell failed: {string.Join("; ", b.Errors)}");
                }
                trusted.Add(t / count); verified.Add(v / count); trustedCpu.Add(tc / count); verifiedCpu.Add(vc / count);
            }
            var (mt, mv, ct, cv) = (Median(trusted), Median(verified), Median(trustedCpu), Median(verifiedCpu));
            Console.WriteLine($"{Shorten(code),-58} {mt,8:F2} {mv,9:F2} {(mv - mt) / mt,7:P0} {(cv - ct) / ct,7:P0}");
        }
        Console.WriteLine("(target: verification adds < 20% to compile time)");
        Console.WriteLine();
        if (OperatingSystem.IsLinux()) VerificationCostBreakdown.Print(compiler, CompileCells, repetitions: 60, Shorten);
    }

    private static async Task<int> ServerBenchmarksAsync(int cells, int memoryCells, int runs)
    {
        var dataDir = Directory.CreateTempSubdirectory("privateenv-bench-").FullName;
        var csv = Path.Combine(dataDir, "bench.csv");
        var meta = Path.Combine(dataDir, "bench.meta.json");
        await File.WriteAllTextAsync(csv, "age,income\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{20 + i % 50},{1000 + i}\n")));
        await File.WriteAllTextAsync(meta, """{"columns":{"age":{"type":"numeric","lower":0,"upper":100},"income":{"type":"numeric","lower":0,"upper":100000}}}""");
        var server = await ServerProcess.StartAsync(["--no-demo", "--dataset", $"bench={csv}:{meta}", "--session-epsilon", "1000"], dataDir: dataDir, apiKey: ApiKey);
        var url = server.Url;
        var sandboxed = server.Log.Contains("sandboxed with", StringComparison.Ordinal);
        try
        {
            Console.WriteLine($"Round trip of a trivial cell (Print(1 + 1)) on a warm session, {cells} cells per run; workers {(sandboxed ? "under bubblewrap" : "NOT sandboxed (no bubblewrap)")}");
            Console.WriteLine($"{"run",-5} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"worker p50",11}");
            var p50s = new List<double>(); var p99s = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                await using var session = await PrivateEnvClient.ConnectAsync(url, ApiKey, ["bench"]);
                for (var i = 0; i < 20; i++) await RunOk(session, "Print(1 + 1);");
                var times = new List<double>();
                var inWorker = new List<double>();
                for (var i = 0; i < cells; i++)
                {
                    var clock = Stopwatch.StartNew();
                    inWorker.Add(await RunOk(session, "Print(1 + 1);"));
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                p50s.Add(Percentile(times, 0.5)); p99s.Add(Percentile(times, 0.99));
                Console.WriteLine($"{run,-5} {Percentile(times, 0.5),8:F1} {Percentile(times, 0.9),8:F1} {Percentile(times, 0.99),8:F1} {times[^1],8:F1} {Median(inWorker),11:F1}");
            }
            Console.WriteLine($"{"median",-5} {Median(p50s),8:F1} {"",8} {Median(p99s),8:F1}   (target p50 < 30 ms, p99 < 100 ms; worker p50 = compile + verify + run inside the worker)");
            Console.WriteLine();

            Console.WriteLine($"Worker resident memory over {memoryCells} cells in one session (each cell defines a variable, a record and a lambda)");
            Console.WriteLine($"{"cells",7} {"worker RSS MB",14}");
            await using (var session = await PrivateEnvClient.ConnectAsync(url, ApiKey, ["bench"]))
            {
                for (var i = 0; i < memoryCells; i++)
                {
                    await RunOk(session, $"record R{i}(int A); var v{i} = new R{i}({i}); Func<int, int> f{i} = x => x + v{i}.A; Print(f{i}(1));");
                    if (i == 0 || (i + 1) % (memoryCells / 5) == 0)
                        Console.WriteLine($"{i + 1,7} {WorkerRssMb(server.ProcessId),14:F0}");
                }
            }
            return 0;
        }
        finally
        {
            await server.DisposeAsync();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Runs a cell that must succeed; returns the worker's own time for it (compile + verify + run), in ms.</summary>
    private static async Task<double> RunOk(PrivateEnvSession session, string code)
    {
        var result = await session.RunAsync(code);
        if (!result.Success) throw new InvalidOperationException($"benchmark cell failed: {result.Error?.Kind} {result.Error?.Message}");
        return (result.Completed?.ElapsedSeconds ?? 0) * 1000;
    }

    /// <summary>Resident memory of the worker processes descending from the server (the dotnet worker itself).</summary>
    private static double WorkerRssMb(int serverPid)
    {
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("PrivateEnv.Worker.dll", StringComparison.Ordinal)) continue;
                if (!DescendsFrom(pid, serverPid)) continue;
                var rss = File.ReadAllLines(Path.Combine(dir, "status")).First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                total += double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
            catch (IOException) { }
        }
        return total;
    }

    private static bool DescendsFrom(int pid, int ancestor)
    {
        for (var current = pid; current > 1;)
        {
            if (current == ancestor) return true;
            var stat = File.ReadAllText($"/proc/{current}/stat");
            current = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        return false;
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static double Median(List<double> values) => Timing.MedianOf(values);

    private static string Shorten(string code) => code.Length <= 56 ? code : code[..55] + "…";
}
