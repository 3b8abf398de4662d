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
var json = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--sessions" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0: sessions = n; i++; break;
        case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s > 0: seconds = s; i++; break;
        case "--json": json = true; break;
        default:
            Console.Error.WriteLine("usage: PrivateEnv.LoadTests --sessions N --seconds S [--json]");
            return 2;
    }
}

await using var server = await ServerProcess.StartAsync(["--session-epsilon", "1000000", "--lifetime-epsilon", "1000000000",
    "--max-sessions", (sessions + 1).ToString(CultureInfo.InvariantCulture), "--cell-timeout", "120"]);
long Rss(bool workers) => workers
    ? ProcessMemory.Descendants(server.ProcessId).Sum(ProcessMemory.ResidentBytes)
    : ProcessMemory.ResidentBytes(server.ProcessId);

var baselineServer = Rss(false);
var baselineWorkers = Rss(true);
var opened = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"])));
// Warm each session once so the figures describe steady state, then measure idle memory.
await Task.WhenAll(opened.Select(s => s.RunAsync("patients[\"age\"].Mean(eps: 0.001)")));
await Task.Delay(2000);
var idleServer = Rss(false);
var idleWorkers = Rss(true);

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
double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
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
    ["idle_memory_per_session_mb"] = Math.Round((idleServer + idleWorkers - baselineServer - baselineWorkers) / 1048576.0 / sessions, 1),
};
if (json) Console.WriteLine(JsonSerializer.Serialize(figures));
else
{
    Console.WriteLine($"{"measure",-28} {"value",12}");
    foreach (var (key, value) in figures) Console.WriteLine($"{key,-28} {Convert.ToString(value, CultureInfo.InvariantCulture),12}");
}
return errors == 0 ? 0 : 1;
