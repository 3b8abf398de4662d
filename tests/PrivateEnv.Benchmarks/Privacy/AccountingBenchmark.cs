using System.Text.Json;
using PrivateEnv.Privacy.Accounting;

namespace PrivateEnv.Benchmarks.Privacy;

/// <summary>All dp_accounting reference vectors: our ε, the reference, the relative error and the time.</summary>
public sealed class AccountingBenchmark : IBenchmarkCommand
{
    public string Name => "accounting";
    public string Description => "RDP/PLD ε and calibration against dp_accounting's reference vectors";

    private sealed record Case(long SampleSize, long BatchSize, double NoiseMultiplier, double Epochs, double Delta, long Steps, double RdpEpsilon, double RdpOrder, double PldEpsilon);
    private sealed record Calibration(long SampleSize, long BatchSize, double Epochs, double Delta, double TargetEpsilon, double RdpNoiseMultiplier);
    private sealed record Vectors(List<Case> Cases, List<Calibration> Calibration);

    public BenchmarkTable Run(BenchmarkOptions options)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "accounting-vectors.json");
        var vectors = JsonSerializer.Deserialize<Vectors>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
        var table = new BenchmarkTable("Accountants vs dp_accounting (RDP must be within 1e-6 relative, PLD within 2%, calibration 1e-3)",
            "case", "accountant", "ours", "reference", "rel. error", "ok", "time");
        foreach (var c in vectors.Cases)
        {
            var label = $"n={c.SampleSize} b={c.BatchSize} σ={c.NoiseMultiplier} e={c.Epochs} δ={c.Delta:G1}";
            var (rdpMs, rdp) = Timing.Median(1, () => PrivacyBudget.Estimate(c.SampleSize, c.BatchSize, c.Epochs, c.NoiseMultiplier, c.Delta));
            var rdpError = Math.Abs(rdp.Epsilon - c.RdpEpsilon) / c.RdpEpsilon;
            table.Add(label, $"RDP (α={rdp.Order})", rdp.Epsilon, c.RdpEpsilon, rdpError.ToString("E1"), rdpError <= 1e-6 ? "yes" : "NO", $"{rdpMs:F1} ms");
            var (pldMs, pld) = Timing.Median(1, () => PrivacyBudget.Estimate(c.SampleSize, c.BatchSize, c.Epochs, c.NoiseMultiplier, c.Delta, AccountantKind.Pld));
            var pldError = Math.Abs(pld.Epsilon - c.PldEpsilon) / c.PldEpsilon;
            table.Add(label, "PLD", pld.Epsilon, c.PldEpsilon, pldError.ToString("E1"), pldError <= 0.02 ? "yes" : "NO", $"{pldMs:F0} ms");
        }
        foreach (var c in vectors.Calibration)
        {
            var label = $"n={c.SampleSize} b={c.BatchSize} e={c.Epochs} target ε={c.TargetEpsilon}";
            var (ms, sigma) = Timing.Median(1, () => PrivacyBudget.CalibrateNoiseMultiplier(c.SampleSize, c.BatchSize, c.Epochs, c.TargetEpsilon, c.Delta));
            var error = Math.Abs(sigma - c.RdpNoiseMultiplier) / c.RdpNoiseMultiplier;
            table.Add(label, "RDP calibration σ", sigma, c.RdpNoiseMultiplier, error.ToString("E1"), error <= 1e-3 ? "yes" : "NO", $"{ms:F0} ms");
        }
        return table;
    }
}
