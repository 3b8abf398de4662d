using PrivateEnv.Learning.Training;
using PrivateEnv.Privacy.Numerics;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Tests;

/// <summary>
/// The CSPRNG-drawn noise and sampling of DP-SGD. No seed exists, so each band is wide enough that a correct
/// sampler fails it with probability below about 1e-8, and narrow enough that a wrong scale, shape or rate fails.
/// </summary>
public class SecureTrainingRandomnessTests
{
    /// <summary>
    /// 200,000 draws of N(0, 2²): mean s.e. 0.0045 (band ±0.03), variance s.e. 4·√(2/n) ≈ 0.0126 (band ±0.08),
    /// kurtosis E[z⁴]/σ⁴ = 3 with s.e. √(96/n) ≈ 0.022 (band ±0.15), and the Kolmogorov–Smirnov distance to Φ
    /// below 3.1/√n (P ≈ 2e^(−2·3.1²) ≈ 9e-9 for a correct sampler).
    /// </summary>
    [Fact]
    public void GaussianNoiseHasTheNormalDistributionAndScale()
    {
        const int n = 200_000;
        var values = SecureTrainingRandomness.Gaussian(new long[] { 400, 500 }, std: 2.0).data<float>().ToArray().Select(v => (double)v).ToArray();
        Assert.Equal(n, values.Length);
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var kurtosis = values.Sum(v => Math.Pow((v - mean) / 2.0, 4)) / n;
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 4 - 0.08, 4 + 0.08);
        Assert.InRange(kurtosis, 3 - 0.15, 3 + 0.15);
        Array.Sort(values);
        var distance = values.Select((v, i) => Math.Max(Math.Abs(SpecialFunctions.NormalCdf(v / 2.0) - (double)i / n), Math.Abs(SpecialFunctions.NormalCdf(v / 2.0) - (double)(i + 1) / n))).Max();
        Assert.True(distance < 3.1 / Math.Sqrt(n), $"KS distance {distance}");
    }

    [Fact]
    public void GaussianNoiseFillsOddSizesAndTheGivenShape()
    {
        var noise = SecureTrainingRandomness.Gaussian(new long[] { 3, 1, 5 }, std: 1.0);
        Assert.Equal(new long[] { 3, 1, 5 }, noise.shape);
        Assert.True(noise.abs().gt(0).all().item<bool>());
    }

    /// <summary>
    /// Every row is included at rate q: with n = 50, q = 0.3 and 2,000 draws each row's count is Binomial(2000, 0.3)
    /// (mean 600, sd 20.5), so all 50 counts within ±125 (6 sd) for a correct sampler; q = 0 and q = 1 are exact.
    /// </summary>
    [Fact]
    public void PoissonSamplingIncludesEveryRowIndependentlyAtRateQ()
    {
        var counts = new int[50];
        for (int draw = 0; draw < 2000; draw++)
            foreach (var index in SecureTrainingRandomness.PoissonIndices(50, 0.3).data<long>().ToArray()) counts[index]++;
        Assert.All(counts, c => Assert.InRange(c, 600 - 125, 600 + 125));
        Assert.Equal(0, SecureTrainingRandomness.PoissonIndices(50, 0).shape[0]);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), SecureTrainingRandomness.PoissonIndices(50, 1).data<long>().ToArray());
    }
}
