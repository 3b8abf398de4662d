using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PrivateEnv.Client;
using PrivateEnv.LoadTests;
using PrivateEnv.TestSupport;

// Load test: N concurrent sessions each looping DP queries for S seconds against a server it
// starts itself on loopback. Prints throughput, latency percentiles, memory and errors.
var sessions = 4;
var seconds = 30.0;
var opens = 20;
var warm = 2;
var openGapMs = 3000;
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
        case "--opens" when i + 1 < args.Length && int.TryParse(args[i + 1], out var k) && k >= 0: opens = k; i++; break;
        case "--json": json = true; break;
        case "--": serverArgs.AddRange(args[(i + 1)..]); i = args.Length; break;
        default:
            Console.Error.WriteLine("usage: PrivateEnv.LoadTests --sessions N --seconds S [--opens K] [--open-gap-ms MS] [--warm W] [--json] [-- SERVER_OPTIONS]");
            return 2;
    }
}

await using var server = await ServerProcess.StartAsync(["--session-epsilon", "1000000", "--lifetime-epsilon", "1000000000",
    "--max-sessions", (sessions + opens + 1).ToString(CultureInfo.InvariantCulture), "--cell-timeout", "120", "--warm-workers", warm.ToString(CultureInfo.InvariantCulture), .. serverArgs]);

// Session open + first trivial cell, one after another (the analyst's wait at a notebook's first cell), spaced so ready
// workers can come back between opens (analysts arriving one every --open-gap-ms).
var openLatencies = new List<double>();
for (var i = 0; i < opens; i++)
{
    await Task.Delay(openGapMs);
    var started = Stopwatch.GetTimestamp();
    await using var fresh = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
    var first = await fresh.RunAsync("Print(1);");
    openLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    if (!first.Success) throw new InvalidOperationException("the first cell failed: " + first.Error);
}
openLatencies.Sort();
await Task.Delay(1000);
long Rss(bool workers) => workers
    ? ProcessMemory.Descendants(server.ProcessId).Sum(ProcessMemory.ResidentBytes)
    : ProcessMemory.ResidentBytes(server.ProcessId);

var baselineServer = Rss(false);
var baselineWorkers = Rss(true);
var opened = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"])));
// Warm each session once so the figures describe steady state, then measure idle memory (after the 2 s a worker
// waits before compacting its heap).
await Task.WhenAll(opened.Select(s => s.RunAsync("patients[\"age\"].Mean(eps: 0.001)")));
await Task.Delay(4000);
var idleServer = Rss(false);
var idleWorkers = Rss(true);
// Per idle session's worker: PSS (shared code pages divided among their users) and private dirty pages.
var workerMemory = ProcessMemory.Workers(server.ProcessId).Select(ProcessMemory.Shared).ToList();
double MedianMb(IEnumerable<long> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : Math.Round(sorted[sorted.Count / 2] / 1048576.0, 1);
}

var latencies = new List<double>();
var errors = 0;
var clock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(seconds);
await Task.WhenAll(opened.Select(session => Task.Run(async () =>
{
    var mine = new List<double>();
    while (clock.Elapsed < deadline)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await session.RunAsync("patients[\"age\"].Mean(eps: 0.001)");
            if (!result.Success) Interlocked.Increment(ref errors);
        }
        catch (Exception) { Interlocked.Increment(ref errors); }
        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    lock (latencies) latencies.AddRange(mine);
})));
var elapsed = clock.Elapsed.TotalSeconds;
var busyServer = Rss(false);
var busyWorkers = Rss(true);
foreach (var session in opened) await session.DisposeAsync();

latencies.Sort();
static double PercentileOf(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
double Percentile(double p) => PercentileOf(latencies, p);
var figures = new Dictionary<string, object>
{
    ["sessions"] = sessions,
    ["seconds"] = Math.Round(elapsed, 1),
    ["cells"] = latencies.Count,
    ["throughput_cells_per_s"] = Math.Round(latencies.Count / elapsed, 1),
    ["p50_ms"] = Math.Round(Percentile(0.50), 1),
    ["p99_ms"] = Math.Round(Percentile(0.99), 1),
    ["max_ms"] = Math.Round(latencies.LastOrDefault(), 1),
    ["errors"] = errors,
    ["server_rss_mb"] = Math.Round(busyServer / 1048576.0, 1),
    ["workers_rss_mb"] = Math.Round(busyWorkers / 1048576.0, 1),
    ["open_first_cell_p50_ms"] = Math.Round(PercentileOf(openLatencies, 0.50), 1),
    ["open_first_cell_p99_ms"] = Math.Round(PercentileOf(openLatencies, 0.99), 1),
    ["idle_worker_pss_mb"] = MedianMb(workerMemory.Select(m => m.Pss)),
    ["idle_worker_private_dirty_mb"] = MedianMb(workerMemory.Select(m => m.PrivateDirty)),
    ["idle_memory_per_session_mb"] = Math.Round((idleServer + idleWorkers - baselineServer - baselineWorkers) / 1048576.0 / sessions, 1),
};
if (json) Console.WriteLine(JsonSerializer.Serialize(figures));
else
{
    Console.WriteLine($"{"measure",-28} {"value",12}");
    foreach (var (key, value) in figures) Console.WriteLine($"{key,-28} {Convert.ToString(value, CultureInfo.InvariantCulture),12}");
}
return errors == 0 ? 0 : 1;
