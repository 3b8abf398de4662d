using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.Learning;

/// <summary>
/// Poisson-sampled batches for DP-SGD: at every step each row slot of the dataset is included independently with the
/// public probability q = batchSize/n̂, so batch sizes vary (and may be 0); slots outside the features' and labels'
/// masks are sampled too but contribute nothing. This is the sampling the subsampled-Gaussian accountants assume
/// (Abadi et al. 2016; Mironov, Talwar &amp; Zhang 2019), with a rate fixed by public inputs only.
/// n̂ is public: the sample size you give, or the owner's declared row count when the tensors cover the whole
/// dataset, or else a DP count charged here (the constructor's sizeEpsilon, default 0.01). The run's steps
/// (⌈epochs·n̂/batch⌉) and the expected batch that updates are normalised by (q·n̂ = batchSize) follow from it.
/// </summary>
public sealed class PrivateDataLoader
{
    /// <summary>The ε of the DP row count when n̂ is neither given nor declared.</summary>
    public const double DefaultSizeEpsilon = 0.01;

    public PrivateDataLoader(PrivateTensor features, PrivateTensor labels, int batchSize, long? sampleSize = null, double sizeEpsilon = DefaultSizeEpsilon)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (!ReferenceEquals(features.Rows, labels.Rows))
            throw new ArgumentException("Features and labels must come from the same dataset's rows (filters and splits of one frame are fine); they are paired slot by slot.");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be at least 1, got {batchSize}.");
        Features = features;
        Labels = labels;
        Mask = features.Mask.And(labels.Mask);
        BatchSize = batchSize;
        if (sampleSize is { } given)
        {
            if (given < batchSize || given > DataFrame.DatasetMetadata.MaxRows)
                throw new ArgumentOutOfRangeException(nameof(sampleSize), $"sampleSize must be between batchSize ({batchSize}) and {DataFrame.DatasetMetadata.MaxRows}, got {given}.");
            SampleSize = given;
            SampleSizeSource = "given";
        }
        else if (Mask.IsPopulation && features.Rows.DeclaredRows is { } declared)
        {
            if (batchSize > declared)
                throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize ({batchSize}) cannot exceed the dataset's declared rows ({declared}).");
            SampleSize = declared;
            SampleSizeSource = "declared rows";
        }
        else
        {
            // A filtered or undeclared dataset: its size is private, so estimate it with a charged DP count.
            var count = new LaplaceSums(ContributionBounds.Indicator, features.Rows.Stability, sizeEpsilon);
            DpRelease.Charge(Charger, $"PrivateDataLoader: DP row count for the sampling rate (eps: {sizeEpsilon:G4})", count);
            long exact = 0;
            foreach (var inside in Mask.Inside) exact += inside;
            var noisy = count.Release(exact);
            SampleSize = Math.Clamp((long)Math.Round(noisy), batchSize, DataFrame.DatasetMetadata.MaxRows);
            SampleSizeSource = $"DP count, ε={sizeEpsilon:G4}";
        }
    }

    internal PrivateTensor Features { get; }
    internal PrivateTensor Labels { get; }
    internal RowMask Mask { get; }
    internal IPrivacyCharger Charger => Features.Charger;

    /// <summary>The expected batch size q·n̂.</summary>
    public int BatchSize { get; }

    /// <summary>n̂, the public sample size the sampling rate and the number of steps come from.</summary>
    public long SampleSize { get; }

    /// <summary>Where n̂ came from: "given", "declared rows" or the DP count's ε.</summary>
    public string SampleSizeSource { get; }

    /// <summary>q = batchSize / n̂.</summary>
    public double SamplingProbability => (double)BatchSize / SampleSize;

    /// <summary>The number of row slots sampled at every step (the dataset's public size).</summary>
    public int Slots => Features.Rows.Size;

    public override string ToString() => $"PrivateDataLoader(batchSize={BatchSize}, n̂={SampleSize} ({SampleSizeSource}), Poisson q={SamplingProbability:G4})";
}
