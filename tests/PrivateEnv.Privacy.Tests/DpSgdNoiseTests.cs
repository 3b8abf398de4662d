using PrivateEnv.Privacy.Numerics;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Privacy.Tests;

/// <summary>
/// DP-SGD's CSPRNG-drawn noise and sampling, through the release primitive's part. No seed exists, so each band is
/// wide enough that a correct sampler fails it with probability below about 1e-8, and narrow enough that a wrong
/// scale, shape or rate fails.
/// </summary>
public class DpSgdNoiseTests
{
    private sealed class Charger : IPrivacyCharger
    {
        public List<PrivacyCharge> Charges { get; } = [];
        public void Charge(PrivacyCharge charge) => Charges.Add(charge);
    }

    private static DpSgdNoise Charged(double q = 0.3, double sigma = 1, double clip = 2, int steps = 10_000)
    {
        var noise = new DpSgdNoise(q, sigma, clip, steps, 1, 1e-5);
        DpRelease.Charge(new Charger(), "test run", noise);
        return noise;
    }

    /// <summary>
    /// 200,000 draws of N(0, 2²) (σ = 1, C = 2) added to zeros: mean s.e. 0.0045 (band ±0.03), variance s.e. ≈ 0.0126
    /// (band ±0.08), kurtosis 3 with s.e. ≈ 0.022 (band ±0.15), and the Kolmogorov–Smirnov distance to Φ below 3.1/√n
    /// (P ≈ 9e-9 for a correct sampler). Every value lies on the output grid σC·2⁻¹² = 2⁻¹¹.
    /// </summary>
    [Fact]
    public void Noise_has_the_normal_distribution_and_scale_on_its_grid()
    {
        const int n = 200_000;
        var noise = Charged();
        _ = noise.SampleStep(1);
        var buffer = new float[n];
        noise.AddNoise(new double[n], buffer);
        var values = buffer.Select(v => (double)v).ToArray();
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var kurtosis = values.Sum(v => Math.Pow((v - mean) / 2.0, 4)) / n;
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 4 - 0.08, 4 + 0.08);
        Assert.InRange(kurtosis, 3 - 0.15, 3 + 0.15);
        Assert.All(values, v => Assert.Equal(0, Math.IEEERemainder(v, Math.ScaleB(1, -11))));
        Array.Sort(values);
        var distance = values.Select((v, i) => Math.Max(Math.Abs(SpecialFunctions.NormalCdf(v / 2.0) - (double)i / n), Math.Abs(SpecialFunctions.NormalCdf(v / 2.0) - (double)(i + 1) / n))).Max();
        Assert.True(distance < 3.1 / Math.Sqrt(n), $"KS distance {distance}");
    }

    [Fact]
    public void Noise_fills_odd_sizes_and_adds_to_the_sum()
    {
        var noise = Charged(sigma: 1e-3, clip: 1);
        _ = noise.SampleStep(1);
        var values = new float[5];
        noise.AddNoise(new double[] { 10, 20, 30, 40, 50 }, values);
        Assert.All(values.Zip(new float[] { 10, 20, 30, 40, 50 }), p => Assert.InRange(p.First, p.Second - 0.01, p.Second + 0.01));
        Assert.Contains(values, v => v != Math.Round(v));
    }

    /// <summary>
    /// Every slot is included at rate q: with 50 slots, q = 0.3 and 2,000 steps each slot's count is Binomial(2000, 0.3)
    /// (mean 600, sd 20.5), so all 50 counts within ±125 (6 sd) for a correct sampler; q = 1 is exact.
    /// </summary>
    [Fact]
    public void Poisson_sampling_includes_every_slot_independently_at_rate_q()
    {
        var noise = Charged(q: 0.3, steps: 2000);
        var counts = new int[50];
        for (int draw = 0; draw < 2000; draw++)
            foreach (var index in noise.SampleStep(50)) counts[index]++;
        Assert.All(counts, c => Assert.InRange(c, 600 - 125, 600 + 125));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), Charged(q: 1).SampleStep(50));
    }

    [Fact]
    public void The_part_refuses_noise_before_its_charge_and_steps_beyond_it()
    {
        var uncharged = new DpSgdNoise(0.1, 1, 1, 3, 1, 1e-5);
        Assert.Throws<InvalidOperationException>(() => uncharged.SampleStep(10));
        Assert.Throws<InvalidOperationException>(() => uncharged.AddNoise(new double[3], new float[3]));
        var charged = Charged(steps: 3);
        Assert.Throws<InvalidOperationException>(() => charged.AddNoise(new double[3], new float[3])); // no step begun
        for (var i = 0; i < 3; i++) charged.SampleStep(10);
        Assert.Throws<InvalidOperationException>(() => charged.SampleStep(10));
    }

    [Fact]
    public void The_charge_is_the_subsampled_gaussian_run_with_its_delta()
    {
        var charger = new Charger();
        var noise = new DpSgdNoise(0.01, 1.1, 1, 500, 0.8, 1e-5);
        DpRelease.Charge(charger, "run", noise);
        var charge = Assert.Single(charger.Charges);
        Assert.Equal(DpSgdNoise.RunEvent(0.01, 1.1, 500), charge.Event);
        Assert.Equal((0.8, 1e-5), (charge.Epsilon, charge.Delta));
    }

    [Fact]
    public void The_truncation_delta_is_negligible_for_usual_runs_and_not_for_tiny_sigma()
    {
        // A 26,010-parameter CNN for 3,600 steps at σ = 0.8: 2·d·T·Φ(−(12.12 − 1.25)) ≈ 2e-19.
        Assert.InRange(DpSgdNoise.TruncationDelta(26_010, 3_600, 0.8), 0, 1e-15);
        Assert.True(DpSgdNoise.TruncationDelta(26_010, 3_600, 0.1) > 1e-6);
        Assert.InRange(DpSgdNoise.SupportRadius, 12.1, 12.13);
    }

    [Fact]
    public void In_stub_mode_the_noisy_sum_is_a_fixed_zero()
    {
        var noise = Charged();
        _ = noise.SampleStep(5);
        var values = new float[] { 1, 2, 3 };
        using (ReleaseStub.Activate()) noise.AddNoise(new double[] { 1, 2, 3 }, values);
        Assert.All(values, v => Assert.Equal(0f, v));
    }
}
