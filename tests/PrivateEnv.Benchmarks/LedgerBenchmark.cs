using System.Diagnostics;
using PrivateEnv.Privacy;
using PrivateEnv.Server.Ledger;

namespace PrivateEnv.Benchmarks;

/// <summary>
/// Time per ledger charge (SQLite, synchronous=FULL) after 10 and after 2,000 earlier charges of the same session:
/// with the filter's state and the lifetime sums kept, the two should cost the same.
/// </summary>
public sealed class LedgerBenchmark : IBenchmarkCommand
{
    private const int Timed = 50;

    public string Name => "ledger";
    public string Description => "Ledger charge and budget read after 10 vs 2,000 earlier charges (SQLite)";

    public BenchmarkTable Run(BenchmarkOptions options)
    {
        var table = new BenchmarkTable($"Ledger, SQLite in WAL with synchronous=FULL; median of {Timed} charges ({Timing.MachineLoad()})",
            "filter", "earlier charges", "charge (median)", "charge (p90)", "budget read (median)");
        foreach (var composition in new[] { "basic", "renyi" })
        {
            var directory = Directory.CreateTempSubdirectory("privateenv-ledger-bench-").FullName;
            try
            {
                using var ledger = RelationalLedger.Open(Path.Combine(directory, "ledger.db"));
                var session = new SessionRecord(Guid.NewGuid().ToString("N"), "bench", ["patients"], 1e6, 1e-5, 1e7, 1e-4, composition);
                ledger.CreateSessionAsync(session).GetAwaiter().GetResult();
                var made = 0;
                foreach (var earlier in new[] { 10, 2_000 })
                {
                    for (; made < earlier; made++) Charge(ledger, session.Id, made);
                    var charges = new double[Timed];
                    var reads = new double[Timed];
                    for (var k = 0; k < Timed; k++, made++)
                    {
                        var watch = Stopwatch.StartNew();
                        Charge(ledger, session.Id, made);
                        charges[k] = watch.Elapsed.TotalMilliseconds;
                        watch.Restart();
                        ledger.GetBudgetAsync(session.Id).GetAwaiter().GetResult();
                        reads[k] = watch.Elapsed.TotalMilliseconds;
                    }
                    Array.Sort(charges);
                    table.Add(composition, earlier, $"{Timing.MedianOf(charges):F3} ms", $"{charges[Timed * 9 / 10]:F3} ms", $"{Timing.MedianOf(reads):F3} ms");
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }
        return table;
    }

    private static void Charge(RelationalLedger ledger, string sessionId, int index)
    {
        var outcome = ledger.TryChargeAsync(sessionId, $"cell-{index}", PrivacyCharge.Pure(1e-3, "step")).GetAwaiter().GetResult();
        if (!outcome.Granted) throw new InvalidOperationException($"charge {index} was refused: {outcome.Refusal!.Message}");
    }
}
