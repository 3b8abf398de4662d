using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Benchmarks.Privacy;

/// <summary>Speed of the privacy core against its targets (medians of several runs).</summary>
public sealed class PrivacyBenchmark : IBenchmarkCommand
{
    public string Name => "privacy";
    public string Description => "accountant, calibration and sampler speed against the targets";

    public BenchmarkTable Run(BenchmarkOptions options)
    {
        var table = new BenchmarkTable($"Privacy core, median of {options.Repetitions} runs (after one warm-up)",
            "operation", "median", "target", "meets", "result");
        var r = options.Repetitions;

        var rdpEvent = new SelfComposedEvent(new PoissonSampledEvent(256.0 / 60000, new GaussianEvent(1.1)), 1_000_000);
        var (rdpMs, rdpEpsilon) = Timing.Median(r, () => PrivacyAccountants.EpsilonOf(rdpEvent, 1e-5, AccountantKind.Rdp));
        table.Add("RDP ε, 1,000,000 steps (q=256/60000, σ=1.1)", $"{rdpMs:F2} ms", "< 10 ms", rdpMs < 10 ? "yes" : "NO", $"ε={rdpEpsilon:F4}");

        var pldEvent = new SelfComposedEvent(new PoissonSampledEvent(256.0 / 60000, new GaussianEvent(1.1)), 100_000);
        var (pldMs, pldEpsilon) = Timing.Median(r, () => PrivacyAccountants.EpsilonOf(pldEvent, 1e-5, AccountantKind.Pld));
        table.Add("PLD ε, 100,000 steps (q=256/60000, σ=1.1)", $"{pldMs:F0} ms", "< 1000 ms", pldMs < 1000 ? "yes" : "NO", $"ε={pldEpsilon:F4}");

        var (calibrationMs, sigma) = Timing.Median(r, () => PrivacyBudget.CalibrateNoiseMultiplier(60000, 256, 60, 3.0, 1e-5));
        table.Add("RDP calibration (60000, 256, 60 epochs, ε=3)", $"{calibrationMs:F0} ms", "< 1000 ms", calibrationMs < 1000 ? "yes" : "NO", $"σ={sigma:F6}");

        var (pldCalibrationMs, pldSigma) = Timing.Median(Math.Min(r, 3), () => PrivacyBudget.CalibrateNoiseMultiplier(60000, 250, 3, 0.5, 1e-5, AccountantKind.Pld));
        table.Add("PLD calibration (60000, 250, 3 epochs, ε=0.5)", $"{pldCalibrationMs:F0} ms", "(none)", "-", $"σ={pldSigma:F4}");

        const int samples = 1_000_000;
        foreach (var (label, a, b) in new[] { ("σ=1", 1UL, 1UL), ("σ=3.7", 1369UL, 100UL), ("σ≈3800 (grid Gaussian)", 14_440_000UL, 1UL) })
        {
            var (ms, _) = Timing.Median(r, () =>
            {
                long sum = 0;
                for (var i = 0; i < samples; i++) sum += ExactSamplers.DiscreteGaussian(SecureRandomBits.Instance, a, b);
                return sum;
            });
            var perSecond = samples / (ms / 1000);
            table.Add($"discrete Gaussian sampling, {label}, secure bits", $"{perSecond / 1e6:F2} M/s", "≥ 1 M/s", perSecond >= 1e6 ? "yes" : "NO", $"{samples:N0} samples in {ms:F0} ms");
        }

        var (laplaceMs, _) = Timing.Median(r, () =>
        {
            double sum = 0;
            for (var i = 0; i < samples; i++) sum += LaplaceMechanism.ReleaseOnGrid(SecureRandomBits.Instance, 10, 1, 1);
            return sum;
        });
        table.Add("Laplace release on the grid (Δ=1, ε=1)", $"{samples / laplaceMs / 1000:F2} M/s", "(none)", "-", $"{samples:N0} in {laplaceMs:F0} ms");

        var (gaussianPlanMs, _) = Timing.Median(r, () => GaussianMechanism.Plan(1, 1, 1e-5));
        table.Add("Gaussian release planning (discrete σ calibration)", $"{gaussianPlanMs:F1} ms", "(none)", "-", "per release");
        return table;
    }
}
