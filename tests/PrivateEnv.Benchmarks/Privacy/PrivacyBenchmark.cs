using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Benchmarks.Privacy;

/// <summary>Speed of the privacy core against its targets (medians of several runs; wall and CPU time).</summary>
public sealed class PrivacyBenchmark : IBenchmarkCommand
{
    public string Name => "privacy";
    public string Description => "accountant, calibration and sampler speed against the targets";

    public BenchmarkTable Run(BenchmarkOptions options)
    {
        var table = new BenchmarkTable($"Privacy core, median of {options.Repetitions} runs after a warm-up ({Timing.MachineLoad()})",
            "operation", "wall", "CPU", "target", "meets (wall)", "result");
        var r = options.Repetitions;

        void Time<T>(string operation, string target, double limitMs, Func<T> action, Func<T, string> describe, int? repetitions = null)
        {
            var (wall, cpu, result) = Timing.MedianWithCpu(repetitions ?? r, action);
            table.Add(operation, $"{wall:F1} ms", $"{cpu:F1} ms", target, double.IsFinite(limitMs) ? (wall < limitMs ? "yes" : "NO") : "-", describe(result));
        }

        var rdpEvent = new SelfComposedEvent(new PoissonSampledEvent(256.0 / 60000, new GaussianEvent(1.1)), 1_000_000);
        Time("RDP ε, 1,000,000 steps (q=256/60000, σ=1.1)", "< 10 ms", 10,
            () => PrivacyAccountants.EpsilonOf(rdpEvent, 1e-5, AccountantKind.Rdp), e => $"ε={e:F4}");

        var pldEvent = new SelfComposedEvent(new PoissonSampledEvent(256.0 / 60000, new GaussianEvent(1.1)), 100_000);
        Time("PLD ε, 100,000 steps (q=256/60000, σ=1.1; 2 threads)", "< 1000 ms", 1000,
            () => PrivacyAccountants.EpsilonOf(pldEvent, 1e-5, AccountantKind.Pld), e => $"ε={e:F4}");

        Time("RDP calibration (60000, 256, 60 epochs, ε=3)", "< 1000 ms", 1000,
            () => PrivacyBudget.CalibrateNoiseMultiplier(60000, 256, 60, 3.0, 1e-5), s => $"σ={s:F6}");

        Time("PLD calibration (60000, 250, 3 epochs, ε=0.5)", "(none)", double.NaN,
            () => PrivacyBudget.CalibrateNoiseMultiplier(60000, 250, 3, 0.5, 1e-5, AccountantKind.Pld), s => $"σ={s:F4}", Math.Min(r, 3));

        const int samples = 1_000_000;
        foreach (var (label, a, b) in new[] { ("σ=1", 1UL, 1UL), ("σ=3.7", 1369UL, 100UL), ("σ≈3800 (grid Gaussian)", 14_440_000UL, 1UL) })
        {
            var (wall, cpu, _) = Timing.MedianWithCpu(r, () =>
            {
                long sum = 0;
                for (var i = 0; i < samples; i++) sum += ExactSamplers.DiscreteGaussian(SecureRandomBits.Instance, a, b);
                return sum;
            });
            table.Add($"discrete Gaussian, {label}, 1M secure samples", $"{samples / wall / 1000:F2} M/s", $"{samples / cpu / 1000:F2} M/s", "≥ 1 M/s",
                samples / wall / 1000 >= 1 ? "yes" : "NO", $"{wall:F0} ms wall");
        }

        var (laplaceWall, laplaceCpu, _) = Timing.MedianWithCpu(r, () =>
        {
            double sum = 0;
            var (part, units) = LaplaceMechanism.Plan(10, 1, 1);
            for (var i = 0; i < samples; i++) sum += part.SampleUncharged(units, SecureRandomBits.Instance);
            return sum;
        });
        table.Add("Laplace release on the grid (Δ=1, ε=1), 1M", $"{samples / laplaceWall / 1000:F2} M/s", $"{samples / laplaceCpu / 1000:F2} M/s", "(none)", "-", "");

        var gaussianPlanTimes = Timing.MedianWithCpu(r, () => GaussianCalibration.AnalyticSigma(1, 1, 1e-5));
        table.Add("analytic Gaussian σ (Balle & Wang)", $"{gaussianPlanTimes.WallMilliseconds:F3} ms", $"{gaussianPlanTimes.CpuMilliseconds:F3} ms", "(none)", "-", $"σ={gaussianPlanTimes.Result:F4}");
        return table;
    }
}
