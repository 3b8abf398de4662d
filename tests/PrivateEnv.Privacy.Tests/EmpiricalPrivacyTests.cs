using PrivateEnv.Privacy.Mechanisms;
using PrivateEnv.Privacy.Releases;
using PrivateEnv.Privacy.Sampling;

namespace PrivateEnv.Privacy.Tests;

/// <summary>
/// Empirical DP audits on neighbouring inputs (see <see cref="EmpiricalPrivacy"/>): every correct mechanism must
/// stay within its claimed ε; every deliberately broken one must be caught. Each audit uses one-sided bounds
/// at α = 1e-6 over ≤ 100 events, so a correct mechanism is wrongly flagged with probability ≤ 2e-4
/// (and the fixed seeds make the outcome reproducible).
/// </summary>
public class EmpiricalPrivacyTests
{
    private const double Alpha = 1e-6;
    private const int Samples = 200_000;

    private static double[] Draw(Func<double> mechanism) => Enumerable.Range(0, Samples).Select(_ => mechanism()).ToArray();

    private static double LaplaceAudit(double noiseEpsilon)
    {
        var bits = new SeededRandomBits(21);
        var (part, zero) = LaplaceMechanism.Plan(0, 1, noiseEpsilon);
        var (_, one) = LaplaceMechanism.Plan(1, 1, noiseEpsilon);
        var onZero = Draw(() => part.SampleUncharged(zero, bits));
        var onOne = Draw(() => part.SampleUncharged(one, bits));
        return EmpiricalPrivacy.CertifiedLoss(onZero, onOne, Enumerable.Range(-8, 19).Select(i => i * 0.5), 0, Alpha);
    }

    [Fact]
    public void Laplace_stays_within_its_epsilon()
    {
        Assert.True(LaplaceAudit(0.5) <= 0.5, "the correct Laplace mechanism looked less private than claimed");
    }

    [Fact]
    public void Laplace_with_half_the_scale_is_caught()
    {
        // Noise calibrated for ε = 1 while claiming ε = 0.5.
        var loss = LaplaceAudit(1.0);
        Assert.True(loss > 0.5, $"certified loss {loss:F3} did not expose the broken mechanism");
    }

    /// <summary>Releases calibrated for <paramref name="noiseEpsilon"/>, audited against the claim ε = 1.</summary>
    private static double GaussianAudit(double noiseEpsilon)
    {
        var bits = new SeededRandomBits(22);
        var (grid, part) = GaussianMechanism.Plan(1, noiseEpsilon, 1e-5);
        var onZero = Draw(() => grid.FromGrid(part.SampleUncharged(grid.ToGrid(0), bits)));
        var onOne = Draw(() => grid.FromGrid(part.SampleUncharged(grid.ToGrid(1), bits)));
        return EmpiricalPrivacy.CertifiedLoss(onZero, onOne, Enumerable.Range(-20, 41).Select(i => i * 0.5), 1e-5, Alpha);
    }

    [Fact]
    public void Gaussian_stays_within_its_epsilon_delta()
    {
        Assert.True(GaussianAudit(1.0) <= 1.0);
    }

    [Fact]
    public void Gaussian_with_less_than_half_the_sigma_is_caught()
    {
        var loss = GaussianAudit(3.0);
        Assert.True(loss > 1.0, $"certified loss {loss:F3} did not expose the broken mechanism");
    }

    /// <summary>
    /// Report noisy max on neighbouring utilities (every one moves by Δ = 1): candidate 0 leads by one on u and
    /// trails nineteen others by one on v; with many rivals the loss of "0 wins" approaches ε.
    /// </summary>
    private static double NoisyMaxAudit(double noiseEpsilon)
    {
        var bits = new SeededRandomBits(23);
        long[] u = [1, .. Enumerable.Repeat(0L, 19)], v = [0, .. Enumerable.Repeat(1L, 19)];
        var part = new NoisyArgMax(u.Length, 1, noiseEpsilon);
        var onU = Enumerable.Range(0, Samples).Select(_ => part.SampleUncharged(u, bits) == 0 ? 0 : 1).ToArray();
        var onV = Enumerable.Range(0, Samples).Select(_ => part.SampleUncharged(v, bits) == 0 ? 0 : 1).ToArray();
        return EmpiricalPrivacy.CertifiedLoss(onU, onV, 2, Alpha);
    }

    [Fact]
    public void Noisy_max_stays_within_its_epsilon()
    {
        Assert.True(NoisyMaxAudit(1.0) <= 1.0);
    }

    [Fact]
    public void Noisy_max_without_the_factor_two_is_caught()
    {
        // Noise of scale Δ/ε instead of 2Δ/ε is the classic mistake: the same as running it at 2ε.
        var loss = NoisyMaxAudit(2.0);
        Assert.True(loss > 1.0, $"certified loss {loss:F3} did not expose the broken mechanism");
    }

    [Fact]
    public void Randomized_response_stays_within_ln3_and_a_biased_coin_is_caught()
    {
        var bits = new SeededRandomBits(24);
        int[] Answers(bool truth, Func<bool, bool> mechanism) => Enumerable.Range(0, Samples).Select(_ => mechanism(truth) ? 1 : 0).ToArray();
        var correct = EmpiricalPrivacy.CertifiedLoss(Answers(true, t => RandomizedResponse.TwoCoin(bits, t)), Answers(false, t => RandomizedResponse.TwoCoin(bits, t)), 2, Alpha);
        Assert.True(correct <= Math.Log(3));
        // A first coin that shows heads 3/4 of the time: P[yes|yes]/P[yes|no] = 0.875/0.125 = 7 > 3.
        bool Biased(bool t) => bits.NextBelow(4UL) < 3 ? t : bits.NextBool();
        var broken = EmpiricalPrivacy.CertifiedLoss(Answers(true, Biased), Answers(false, Biased), 2, Alpha);
        Assert.True(broken > Math.Log(3), $"certified loss {broken:F3} did not expose the biased coin");
    }

    [Fact]
    public void Discrete_laplace_stays_within_its_epsilon()
    {
        var bits = new SeededRandomBits(25);
        var (s, t) = DiscreteLaplaceMechanism.ScaleFor(2, 0.8);
        var onZero = Draw(() => ExactSamplers.DiscreteLaplace(bits, s, t));
        var onTwo = Draw(() => 2 + ExactSamplers.DiscreteLaplace(bits, s, t));
        Assert.True(EmpiricalPrivacy.CertifiedLoss(onZero, onTwo, Enumerable.Range(-6, 13).Select(i => i + 0.5), 0, Alpha) <= 0.8);
    }
}
