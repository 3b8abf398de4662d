using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PrivateEnv.Client;
using PrivateEnv.LoadTests;
using PrivateEnv.TestSupport;

// Load test: N concurrent sessions each looping DP queries for S seconds against a server it
// starts itself on loopback. Prints throughput, latency percentiles, memory and errors.
// --dpsgd-every K makes every K-th cell of each session a DP-SGD cell (one epoch of the README's network on the demo
// dataset) instead of a DP mean; its latencies are reported apart from the queries'.
// --find-max STEP runs rounds of N, N+STEP, … sessions on the same server until a round's query p99 reaches 1 s or a cell
// fails, and names the largest N that held (up to 512). With --json each round prints one object, then the search's.
var sessions = 4;
var seconds = 30.0;
var opens = 20;
var warm = 2;
var openGapMs = 3000;
var dpSgdEvery = 0;
var findMaxStep = 0;
var json = false;
var serverArgs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--sessions" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0: sessions = n; i++; break;
        case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s > 0: seconds = s; i++; break;
        case "--warm" when i + 1 < args.Length && int.TryParse(args[i + 1], out var w) && w >= 0: warm = w; i++; break;
        case "--open-gap-ms" when i + 1 < args.Length && int.TryParse(args[i + 1], out var g) && g >= 0: openGapMs = g; i++; break;
        case "--dpsgd-every" when i + 1 < args.Length && int.TryParse(args[i + 1], out var e) && e > 0: dpSgdEvery = e; i++; break;
        case "--opens" when i + 1 < args.Length && int.TryParse(args[i + 1], out var k) && k >= 0: opens = k; i++; break;
        case "--find-max" when i + 1 < args.Length && int.TryParse(args[i + 1], out var step) && step > 0: findMaxStep = step; i++; break;
        case "--json": json = true; break;
        case "--": serverArgs.AddRange(args[(i + 1)..]); i = args.Length; break;
        default:
            Console.Error.WriteLine("usage: PrivateEnv.LoadTests --sessions N --seconds S [--opens K] [--open-gap-ms MS] [--warm W] [--dpsgd-every K] [--find-max STEP] [--json] [-- SERVER_OPTIONS]");
            return 2;
    }
}
const int MaxSearchedSessions = 512;
const double LatencyBarMs = 1000;
if (findMaxStep > 0 && sessions > MaxSearchedSessions)
{
    Console.Error.WriteLine($"--find-max searches up to {MaxSearchedSessions} sessions; start it at --sessions {MaxSearchedSessions} or fewer");
    return 2;
}

await using var server = await ServerProcess.StartAsync(["--session-epsilon", "1000000", "--lifetime-epsilon", "1000000000",
    "--session-delta", "0.5", "--lifetime-delta", "0.9",
    "--max-sessions", ((findMaxStep > 0 ? MaxSearchedSessions : sessions) + opens + 1).ToString(CultureInfo.InvariantCulture), "--cell-timeout", "120", "--warm-workers", warm.ToString(CultureInfo.InvariantCulture), .. serverArgs]);

// Session open + first trivial cell, one after another (the analyst's wait at a notebook's first cell), spaced so ready
// workers can come back between opens (analysts arriving one every --open-gap-ms).
// The first open after the server starts is reported apart: it also pays the server's and this client's own first calls.
var openLatencies = new List<double>();
var firstOpenMs = double.NaN;
for (var i = 0; i <= opens; i++)
{
    await Task.Delay(openGapMs);
    var started = Stopwatch.GetTimestamp();
    await using var fresh = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
    var first = await fresh.RunAsync("Print(1);");
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (i == 0) firstOpenMs = elapsed;
    else openLatencies.Add(elapsed);
    if (!first.Success) throw new InvalidOperationException("the first cell failed: " + first.Error);
}
openLatencies.Sort();
await Task.Delay(1000);
var openFigures = new Dictionary<string, object>
{
    ["first_open_after_start_ms"] = Math.Round(firstOpenMs, 1),
    ["open_first_cell_p50_ms"] = Math.Round(PercentileOf(openLatencies, 0.50), 1),
    ["open_first_cell_p99_ms"] = Math.Round(PercentileOf(openLatencies, 0.99), 1),
};

if (findMaxStep == 0)
{
    var figures = await RunRoundAsync(sessions);
    foreach (var (key, value) in openFigures) figures[key] = value;
    Print(figures);
    return (int)figures["errors"] == 0 ? 0 : 1;
}

// The search: each round on the same server (its ready workers and caches as an operator's would be), N growing by STEP.
var largest = 0;
var reachedCap = true;
for (var n = sessions; n <= MaxSearchedSessions; n += findMaxStep)
{
    bool held;
    try
    {
        var figures = await RunRoundAsync(n);
        Print(figures);
        held = (int)figures["errors"] == 0 && (double)figures["p99_ms"] < LatencyBarMs;
    }
    catch (Exception e)
    {
        // A round that cannot open its sessions or loses its server did not hold.
        Console.Error.WriteLine($"round of {n} sessions failed: {e.GetType().Name}: {e.Message}");
        var logFile = Path.Combine(Path.GetTempPath(), $"privateenv-load-server-{server.ProcessId}.log");
        File.WriteAllText(logFile, server.Log);
        Console.Error.WriteLine($"server {(server.HasExited ? "has exited" : "is running")}; its log is in {logFile}");
        held = false;
    }
    if (!held)
    {
        reachedCap = false;
        break;
    }
    largest = n;
}
openFigures["largest_sessions_p99_under_1s_no_errors"] = largest;
openFigures["search_reached_cap_without_failing"] = reachedCap;
Print(openFigures);
return largest > 0 ? 0 : 1;

void Print(Dictionary<string, object> figures)
{
    if (json) Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    else
    {
        Console.WriteLine($"{"measure",-40} {"value",12}");
        foreach (var (key, value) in figures) Console.WriteLine($"{key,-40} {Convert.ToString(value, CultureInfo.InvariantCulture),12}");
        Console.WriteLine();
    }
}

static double PercentileOf(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

async Task<Dictionary<string, object>> RunRoundAsync(int sessions)
{
    long Rss(bool workers) => workers
        ? ProcessTree.Descendants(server.ProcessId).Sum(ProcessMemory.ResidentBytes)
        : ProcessMemory.ResidentBytes(server.ProcessId);

    // What the server and all its processes cost, shared pages divided among their users: the machine's memory per session.
    long TotalPss() => ProcessTree.Descendants(server.ProcessId).Append(server.ProcessId).Sum(pid => ProcessMemory.Shared(pid).Pss);
    var baselinePss = TotalPss();
    var opened = new List<PrivateEnvSession>();
    try
    {
        var connecting = Enumerable.Range(0, sessions).Select(_ => PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"])).ToList();
        try { await Task.WhenAll(connecting); }
        finally { opened.AddRange(connecting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); }

        const string QueryCell = "patients[\"age\"].Mean(eps: 0.001)";
        // Warm each session once so the figures describe steady state, then measure idle memory (after the 2 s a worker
        // waits before compacting its heap). A warm-up cell that fails counts as an error of the round.
        var warmUps = await Task.WhenAll(opened.Select(s => s.RunAsync(QueryCell)));
        var errors = warmUps.Count(r => !r.Success);
        foreach (var failed in warmUps.Where(r => !r.Success)) Console.Error.WriteLine($"warm-up cell failed: {failed.Error}");
        await Task.Delay(4000);
        var idlePss = TotalPss();
        // Per idle session's worker: PSS (shared code pages divided among their users) and private dirty pages.
        var workerMemory = ProcessMemory.Workers(server.ProcessId).Select(ProcessMemory.Shared).ToList();
        double MedianMb(IEnumerable<long> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? double.NaN : Math.Round(sorted[sorted.Count / 2] / 1048576.0, 1);
        }

        const string DpSgdCell = """
        var net = new Sequential(new Dense(16, "tanh", inputShape: new[] { 5 }), new Dense(4));
        var model = new PrivateKerasModel(net, l2NormClip: 1.0, noiseMultiplier: 2.0);
        model.Compile(new Sgd(0.1), new CrossEntropy(), "accuracy");
        model.Fit(new PrivateDataLoader(FrameTensors.Features(patients, "age", "bmi", "systolic_bp", "cholesterol", "smoker"),
            FrameTensors.ClassLabels(patients, "diagnosis"), batchSize: 200), epochs: 1, targetDelta: 1e-6, metricsEpsilon: 0);
        """;
        var latencies = new List<double>();
        var dpSgdLatencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(opened.Select((session, index) => Task.Run(async () =>
        {
            var mine = new List<double>();
            var mineDpSgd = new List<double>();
            // Sessions start at different points of the K-cell cycle, so DP-SGD cells are spread over time, not all at once.
            for (var cell = index; clock.Elapsed < deadline; cell++)
            {
                var dpSgd = dpSgdEvery > 0 && cell % dpSgdEvery == dpSgdEvery - 1;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var result = await session.RunAsync(dpSgd ? DpSgdCell : QueryCell);
                    if (!result.Success)
                    {
                        Interlocked.Increment(ref errors);
                        Console.Error.WriteLine($"cell failed: {result.Error}");
                    }
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    Console.Error.WriteLine($"cell failed: {e.GetType().Name}: {e.Message}");
                }
                (dpSgd ? mineDpSgd : mine).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
                dpSgdLatencies.AddRange(mineDpSgd);
            }
        })));
        var runSeconds = clock.Elapsed.TotalSeconds;
        var busyServer = Rss(false);
        var busyWorkers = Rss(true);

        latencies.Sort();
        dpSgdLatencies.Sort();
        double Percentile(double p) => PercentileOf(latencies, p);
        var figures = new Dictionary<string, object>
        {
            ["sessions"] = sessions,
            ["seconds"] = Math.Round(runSeconds, 1),
            ["cells"] = latencies.Count,
            ["throughput_cells_per_s"] = Math.Round((latencies.Count + dpSgdLatencies.Count) / runSeconds, 1),
            ["p50_ms"] = Math.Round(Percentile(0.50), 1),
            ["p99_ms"] = Math.Round(Percentile(0.99), 1),
            ["max_ms"] = Math.Round(latencies.LastOrDefault(), 1),
            ["dpsgd_cells"] = dpSgdLatencies.Count,
            ["dpsgd_p50_ms"] = Math.Round(PercentileOf(dpSgdLatencies, 0.50), 1),
            ["dpsgd_max_ms"] = Math.Round(dpSgdLatencies.LastOrDefault(), 1),
            ["errors"] = errors,
            ["server_rss_mb"] = Math.Round(busyServer / 1048576.0, 1),
            ["workers_rss_mb"] = Math.Round(busyWorkers / 1048576.0, 1),
            ["idle_worker_pss_mb"] = MedianMb(workerMemory.Select(m => m.Pss)),
            ["idle_worker_private_dirty_mb"] = MedianMb(workerMemory.Select(m => m.PrivateDirty)),
            ["idle_pss_per_session_mb"] = Math.Round((idlePss - baselinePss) / 1048576.0 / sessions, 1),
        };
        return figures;
    }
    finally
    {
        foreach (var session in opened) await session.DisposeAsync();
        await Task.Delay(2000); // the closed sessions' workers end before the next round's baseline
    }
}
