using PrivateEnv.Learning.Hosting;
using PrivateEnv.Learning.Training;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Releases;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// Trains a <see cref="Sequential"/> with DP-SGD (Abadi et al. 2016, Alg. 1): Poisson-sampled batches,
/// each example's gradient clipped to L2 norm <see cref="L2NormClip"/> (sensitivity of the summed
/// gradient = C under add/remove of one example), Gaussian noise N(0, σ²C²) on the sum, normalised by the
/// expected batch size. The run is (ε, δ)-DP with ε from the subsampled-Gaussian accountant (RDP,
/// Mironov et al. 2019, or PLD), charged in full before the first step.
/// </summary>
public sealed partial class PrivateKerasModel
{
    private OptimizerOptions? optimizer;
    private LossOptions? loss;
    private string[] metrics = Array.Empty<string>();

    /// <summary>Give either <paramref name="noiseMultiplier"/> or <paramref name="targetEpsilon"/> (σ is then calibrated at Fit).</summary>
    public PrivateKerasModel(Sequential model, double l2NormClip, double? noiseMultiplier = null, double? targetEpsilon = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        if (!double.IsFinite(l2NormClip) || l2NormClip <= 0)
            throw new ArgumentOutOfRangeException(nameof(l2NormClip), $"l2NormClip must be a finite number > 0, got {l2NormClip}.");
        if (noiseMultiplier is null == targetEpsilon is null)
            throw new ArgumentException("Give exactly one of noiseMultiplier (e.g. 1.1) or targetEpsilon (e.g. 3.0).");
        if (noiseMultiplier is { } sigma && (!double.IsFinite(sigma) || sigma <= 0))
            throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), $"noiseMultiplier must be a finite number > 0, got {sigma}.");
        if (targetEpsilon is { } eps && (!double.IsFinite(eps) || eps <= 0))
            throw new ArgumentOutOfRangeException(nameof(targetEpsilon), $"targetEpsilon must be a finite number > 0, got {eps}.");
        // Refuse unsupported layers (BatchNorm) now rather than after a charge.
        _ = new PerSampleClipping(model, new MeanSquaredError());
        L2NormClip = l2NormClip;
        NoiseMultiplier = noiseMultiplier;
        TargetEpsilon = targetEpsilon;
    }

    public Sequential Model { get; }
    public double L2NormClip { get; }

    /// <summary>
    /// The class names of the labels it was trained on (the label column's declared categories, public), or null;
    /// predictions into a frame name their classes by them.
    /// </summary>
    public IReadOnlyList<string>? Classes { get; private set; }

    /// <summary>σ; null until calibrated when the model was made with a target ε.</summary>
    public double? NoiseMultiplier { get; private set; }
    public double? TargetEpsilon { get; }

    public void Compile(string optimizer = "sgd", string loss = "crossentropy", string[]? metrics = null, double? learningRate = null) =>
        Compile(OptimizerOptions.FromName(optimizer, learningRate), LossOptions.FromName(loss), metrics ?? Array.Empty<string>());

    public void Compile(OptimizerOptions optimizer, LossOptions loss, params string[] metrics)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        optimizer.Validate();
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = (metrics ?? Array.Empty<string>()).Select(Metrics.Normalise).Distinct().ToArray();
    }

    /// <summary>
    /// Trains privately. Charges, before the first step, ε(DP-SGD run at targetDelta) + metricsEpsilon
    /// through the data's session; a refused charge throws <see cref="BudgetExceededException"/> and trains nothing.
    /// Everything the charge depends on is public: q = batch/n̂ and T = ⌈epochs·n̂/batch⌉ from the loader's public n̂,
    /// σ, C, δ and the model's parameter count. The history's loss and metrics are DP: per epoch, each is an exact sum
    /// over the training rows of per-example values clamped to [0, metricsBound] (accuracy to [0, 1]; non-finite values
    /// count as the bound) plus discrete Laplace noise through the release primitive, divided by n̂; metricsEpsilon is
    /// split evenly (basic composition). metricsEpsilon = 0 releases no loss or metrics.
    /// </summary>
    public TrainingHistory Fit(PrivateDataLoader loader, int epochs, double targetDelta = 1e-5,
        AccountantKind accountant = AccountantKind.Rdp, double metricsEpsilon = 0.05, double metricsBound = 10)
    {
        ArgumentNullException.ThrowIfNull(loader);
        if (optimizer is null || loss is null) throw new InvalidOperationException("Call Compile(optimizer, loss, metrics) before Fit.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        if (!double.IsFinite(metricsEpsilon) || metricsEpsilon < 0)
            throw new ArgumentOutOfRangeException(nameof(metricsEpsilon), $"metricsEpsilon must be ≥ 0, got {metricsEpsilon}.");
        if (!double.IsFinite(metricsBound) || metricsBound <= 0)
            throw new ArgumentOutOfRangeException(nameof(metricsBound), $"metricsBound must be > 0, got {metricsBound}.");
        if (!(targetDelta > 0 && targetDelta < 1))
            throw new ArgumentOutOfRangeException(nameof(targetDelta), $"targetDelta must be in (0, 1), got {targetDelta}.");
        CheckInputShape(loader.Features.ExampleShape);
        CheckLabelsFitOutputs(loader.Features, loader.Labels, loss, classCountMustMatch: false);
        if (loader.Labels.Classes is { } classes) Classes = classes;   // declared categories: public
        long n = loader.SampleSize, batch = loader.BatchSize;
        var steps = PrivacyBudget.Estimate(n, batch, epochs, 1, targetDelta).Steps;
        if (steps > int.MaxValue) throw new ArgumentException($"The run would take {steps} steps; use fewer epochs or larger batches.");
        var parameterCount = Model.ParameterCount;

        if (NoiseMultiplier is null)
        {
            var forSgd = TargetEpsilon!.Value - metricsEpsilon;
            if (forSgd <= 0)
                throw new ArgumentException($"targetEpsilon ({TargetEpsilon}) must exceed metricsEpsilon ({metricsEpsilon}); raise it or pass metricsEpsilon: 0.");
            NoiseMultiplier = PrivacyBudget.CalibrateNoiseMultiplier(n, batch, epochs, forSgd, SgdDelta(targetDelta, parameterCount, (int)steps, null), accountant);
        }
        var sigma = NoiseMultiplier.Value;
        var sgdDelta = SgdDelta(targetDelta, parameterCount, (int)steps, sigma);
        var estimate = PrivacyBudget.Estimate(n, batch, epochs, sigma, sgdDelta, accountant);
        var releases = metricsEpsilon > 0 ? epochs * (1 + metrics.Length) : 0;
        var epsilonPerRelease = releases > 0 ? metricsEpsilon / releases : 0;
        // ε after each epoch, computed up front so that epochs are not slowed by accounting.
        var sgdEpsilonByEpoch = PrivacyBudget.EpsilonByEpoch(n, batch, epochs, sigma, sgdDelta, accountant);
        sgdEpsilonByEpoch[^1] = estimate.Epsilon; // the charged figure, exactly
        // PLD accounting of a long run churns through large FFT arrays (a gigabyte for 80 epochs); give that
        // memory back before training holds the process for minutes, or it stays resident the whole run.
        if (accountant == AccountantKind.Pld) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        var noise = new DpSgdNoise(loader.SamplingProbability, sigma, L2NormClip, (int)steps, estimate.Epsilon, targetDelta);
        // Per epoch: the loss on [0, metricsBound], then each metric on [0, its bound].
        var metricBounds = new[] { metricsBound }.Concat(metrics.Select(m => Metrics.Bound(m, metricsBound))).Select(b => ContributionBounds.Range(0, b)).ToArray();
        var metricParts = Enumerable.Range(0, releases).Select(i => new LaplaceSums(metricBounds[i % metricBounds.Length], 1, epsilonPerRelease)).ToArray();
        // Charge first: nothing is trained or released if the ledger refuses.
        DpRelease.Charge(loader.Charger,
            $"DP-SGD: {epochs} epochs, n̂={n} ({loader.SampleSizeSource}), batch {batch}, σ={sigma:G4}, C={L2NormClip:G4} ({accountant})" + (releases > 0 ? $" + {releases} metric releases" : ""),
            [noise, .. metricParts]);
        var totalEpsilon = estimate.Epsilon + metricParts.Sum(p => p.Epsilon);

        var engine = new DpSgdEngine(Model, loss, optimizer, L2NormClip, noise, steps);
        var history = new List<EpochRecord>();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var stepsThisEpoch = steps * epoch / epochs - steps * (epoch - 1) / epochs;
            try { engine.RunEpoch(loader, (int)stepsThisEpoch); }
            catch (System.Runtime.InteropServices.ExternalException)
            {
                // libtorch messages can quote data-dependent values; say what to check instead.
                throw new InvalidOperationException("Training failed inside libtorch (details withheld: they may depend on private data). Check that the last layer matches the labels (classes for crossentropy, one value per target for mse/mae/huber) and that the inputs have the model's input shape.");
            }
            var (epochLoss, epochMetrics) = releases > 0
                ? ReleaseMetrics(loader, metricParts.AsSpan((epoch - 1) * metricBounds.Length, metricBounds.Length).ToArray(), metricBounds)
                : (null, new Dictionary<string, double>());
            var epsilonSoFar = sgdEpsilonByEpoch[epoch - 1] + (releases > 0 ? epsilonPerRelease * (1 + metrics.Length) * epoch : 0);
            var record = new EpochRecord(epoch, epochLoss, epochMetrics, epsilonSoFar);
            history.Add(record);
            TrainingProgress.Report(record, epochs);
        }
        engine.Finish();
        return new TrainingHistory(history, totalEpsilon, targetDelta, sigma, steps, accountant);
    }

    /// <summary>
    /// The δ left for the accountant once the noise's bounded support takes its share (<see cref="DpSgdNoise.TruncationDelta"/>);
    /// with σ unknown (calibration) the share is that of σ = 0.5, more than any σ the calibration accepts.
    /// </summary>
    private static double SgdDelta(double targetDelta, long parameters, int steps, double? sigma)
    {
        var truncation = DpSgdNoise.TruncationDelta(parameters, steps, Math.Min(sigma ?? 0.5, 0.5));
        if (sigma is { } s) truncation = DpSgdNoise.TruncationDelta(parameters, steps, s);
        if (truncation > targetDelta / 100)
            throw new ArgumentException($"A noise multiplier of {sigma ?? 0.5:G3} is too small for this run's {steps} steps over {parameters} parameters: the sampler's bounded support would need more than 1% of δ = {targetDelta:G3}. Raise the noise multiplier or δ.");
        return targetDelta - truncation;
    }

    /// <summary>ε of a run with this model's σ (calibrated first if only a target ε was given), without training.</summary>
    public BudgetEstimate GetPrivacyBudget(long sampleSize, long batchSize, double epochs, double targetDelta = 1e-5, AccountantKind accountant = AccountantKind.Rdp)
    {
        var sigma = NoiseMultiplier ?? PrivacyBudget.CalibrateNoiseMultiplier(sampleSize, batchSize, epochs, TargetEpsilon!.Value, targetDelta, accountant);
        return PrivacyBudget.Estimate(sampleSize, batchSize, epochs, sigma, targetDelta, accountant);
    }

    /// <summary>Predictions on private inputs stay private.</summary>
    public PrivateTensor Predict(PrivateTensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckInputShape(inputs.ExampleShape);
        return new PrivateTensor(Model.PredictTensor(inputs.Data), inputs.Rows, inputs.Mask);
    }

    /// <summary>Predictions on public inputs are public (the weights are DP).</summary>
    public double[][] Predict(double[][] inputs) => Model.Predict(inputs);

    /// <summary>Predictions on public inputs given as one flat array of whole examples.</summary>
    public float[] Predict(float[] inputs) => Model.Predict(inputs);

    /// <summary>The architecture and the (DP-trained, hence public) weights, for export.</summary>
    public ModelExport Export() => ModelExport.From(Model);

    private void CheckInputShape(int[] shape)
    {
        if (!shape.SequenceEqual(Model.InputShape))
            throw new ArgumentException($"The data's examples have shape [{string.Join(", ", shape)}] but the model's input shape is [{string.Join(", ", Model.InputShape)}].");
    }

    /// <summary>One epoch's DP loss and metrics over the loader's rows (see <see cref="ExactSums"/>), released with their parts' noise.</summary>
    private (double? Loss, Dictionary<string, double> Metrics) ReleaseMetrics(PrivateDataLoader loader, LaplaceSums[] parts, ContributionBounds[] bounds)
    {
        var sums = ExactSums(loader.Features.Data, loader.Labels.Data, loader.Mask.Inside, loss!, bounds);
        double n = loader.SampleSize;
        var released = parts.Select((p, i) => p.Release(sums[i]) / n).ToArray();
        return (released[0], metrics.Select((m, i) => (m, released[i + 1])).ToDictionary(p => p.m, p => p.Item2));
    }

    /// <summary>Σ over the slots inside the mask of per-example values (non-finite → the bound), in grid units.</summary>
    private static long ExactSum(Tensor perExample, ContributionBounds bounds, byte[] inside, long start)
    {
        var bound = bounds.Upper;
        var values = perExample.nan_to_num(bound, bound, bound).to_type(ScalarType.Float64).data<double>().ToArray();
        long sum = 0;
        for (var i = 0; i < values.Length; i++) sum += inside[start + i] * bounds.Snap(values[i]);
        return sum;
    }

    public override string ToString() =>
        $"PrivateKerasModel(l2NormClip={L2NormClip:G4}, " + (NoiseMultiplier is { } s ? $"noiseMultiplier={s:G4})" : $"targetEpsilon={TargetEpsilon:G4})");
}
