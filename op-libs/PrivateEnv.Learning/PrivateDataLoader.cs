using PrivateEnv.Privacy;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// Poisson-sampled batches for DP-SGD: at every step each example is included independently with
/// probability q = batchSize/n, so batch sizes vary (and may be 0). This is the sampling that the
/// subsampled-Gaussian accountants assume (Abadi et al. 2016; Mironov, Talwar &amp; Zhang 2019).
/// Every membership bit comes from the OS CSPRNG (<see cref="Training.SecureTrainingRandomness"/>); cells cannot seed it.
/// </summary>
public sealed class PrivateDataLoader
{
    public PrivateDataLoader(PrivateTensor features, PrivateTensor labels, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count)
            throw new ArgumentException($"Features have {features.Count} examples but labels have {labels.Count}; they must come from the same rows.");
        if (!ReferenceEquals(features.Charger, labels.Charger))
            throw new ArgumentException("Features and labels belong to different private sessions or datasets; load them from the same dataset.");
        if (batchSize <= 0 || batchSize > features.Count)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be between 1 and the number of examples ({features.Count}), got {batchSize}.");
        Features = features;
        Labels = labels;
        BatchSize = batchSize;
    }

    internal PrivateTensor Features { get; }
    internal PrivateTensor Labels { get; }
    internal IPrivacyCharger Charger => Features.Charger;

    /// <summary>The expected batch size.</summary>
    public int BatchSize { get; }

    /// <summary>Number of examples n.</summary>
    public int SampleSize => Features.Count;

    /// <summary>q = batchSize / n.</summary>
    public double SamplingProbability => (double)BatchSize / SampleSize;

    /// <summary>Indices of one Poisson sample.</summary>
    internal Tensor SampleIndices() => Training.SecureTrainingRandomness.PoissonIndices(SampleSize, SamplingProbability);

    public override string ToString() => $"PrivateDataLoader(n={SampleSize}, batchSize={BatchSize}, Poisson q={SamplingProbability:G4})";
}
