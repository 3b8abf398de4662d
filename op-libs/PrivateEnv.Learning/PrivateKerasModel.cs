using PrivateEnv.Learning.Hosting;
using PrivateEnv.Learning.Training;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Accounting;
using PrivateEnv.Privacy.Mechanisms;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// Trains a <see cref="Sequential"/> with DP-SGD (Abadi et al. 2016, Alg. 1): Poisson-sampled batches,
/// each example's gradient clipped to L2 norm <see cref="L2NormClip"/> (sensitivity of the summed
/// gradient = C under add/remove of one example), Gaussian noise N(0, σ²C²) on the sum, normalised by the
/// expected batch size. The run is (ε, δ)-DP with ε from the subsampled-Gaussian accountant (RDP,
/// Mironov et al. 2019, or PLD), charged in full before the first step.
/// </summary>
public sealed class PrivateKerasModel
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
    /// The history's loss and metrics are DP: per epoch, each is a mean over the training set of per-example
    /// values clamped to [0, metricsBound] (accuracy to [0, 1]) plus Laplace noise (sensitivity bound/n),
    /// splitting metricsEpsilon evenly (basic composition). metricsEpsilon = 0 releases no loss or metrics.
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
        CheckShapes(loader);
        long n = loader.SampleSize, batch = loader.BatchSize;

        if (NoiseMultiplier is null)
        {
            var forSgd = TargetEpsilon!.Value - metricsEpsilon;
            if (forSgd <= 0)
                throw new ArgumentException($"targetEpsilon ({TargetEpsilon}) must exceed metricsEpsilon ({metricsEpsilon}); raise it or pass metricsEpsilon: 0.");
            NoiseMultiplier = PrivacyBudget.CalibrateNoiseMultiplier(n, batch, epochs, forSgd, targetDelta, accountant);
        }
        var sigma = NoiseMultiplier.Value;
        var estimate = PrivacyBudget.Estimate(n, batch, epochs, sigma, targetDelta, accountant);
        var releases = metricsEpsilon > 0 ? epochs * (1 + metrics.Length) : 0;
        var epsilonPerRelease = releases > 0 ? metricsEpsilon / releases : 0;
        PrivacyEvent runEvent = PrivacyBudget.DpSgdEvent(n, batch, epochs, sigma);
        if (releases > 0)
            runEvent = new ComposedEvent(new[] { runEvent, new SelfComposedEvent(new LaplaceEvent(1, 1 / epsilonPerRelease), releases) });
        var totalEpsilon = estimate.Epsilon + metricsEpsilon;
        // ε after each epoch, computed up front so that epochs are not slowed by accounting.
        var sgdEpsilonByEpoch = PrivacyBudget.EpsilonByEpoch(n, batch, epochs, sigma, targetDelta, accountant);
        sgdEpsilonByEpoch[^1] = estimate.Epsilon; // the charged figure, exactly
        // PLD accounting of a long run churns through large FFT arrays (a gigabyte for 80 epochs); give that
        // memory back before training holds the process for minutes, or it stays resident the whole run.
        if (accountant == AccountantKind.Pld) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        // Charge first: nothing is trained or released if the ledger refuses.
        loader.Charger.Charge(new PrivacyCharge(runEvent, totalEpsilon, targetDelta,
            $"DP-SGD: {epochs} epochs, n={n}, batch {batch}, σ={sigma:G4}, C={L2NormClip:G4} ({accountant})" + (releases > 0 ? $" + {releases} metric releases" : "")));

        var engine = new DpSgdEngine(Model, loss, optimizer, L2NormClip, sigma, estimate.Steps);
        var history = new List<EpochRecord>();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var stepsThisEpoch = estimate.Steps * epoch / epochs - estimate.Steps * (epoch - 1) / epochs;
            try { engine.RunEpoch(loader, (int)stepsThisEpoch); }
            catch (System.Runtime.InteropServices.ExternalException)
            {
                // libtorch messages can quote data-dependent values; say what to check instead.
                throw new InvalidOperationException("Training failed inside libtorch (details withheld: they may depend on private data). Check that the last layer matches the labels (classes for crossentropy, one value per target for mse/mae/huber) and that the inputs have the model's input shape.");
            }
            var (epochLoss, epochMetrics) = releases > 0
                ? ReleaseMetrics(loader, epsilonPerRelease, metricsBound)
                : (null, new Dictionary<string, double>());
            var epsilonSoFar = sgdEpsilonByEpoch[epoch - 1] + (releases > 0 ? epsilonPerRelease * (1 + metrics.Length) * epoch : 0);
            var record = new EpochRecord(epoch, epochLoss, epochMetrics, epsilonSoFar);
            history.Add(record);
            TrainingProgress.Report(record, epochs);
        }
        engine.Finish();
        return new TrainingHistory(history, totalEpsilon, targetDelta, sigma, estimate.Steps, accountant);
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
        CheckInputShape(inputs.Shape.Skip(1).ToArray());
        return new PrivateTensor(Model.PredictTensor(inputs.Data), inputs.Charger);
    }

    /// <summary>Predictions on public inputs are public (the weights are DP).</summary>
    public double[][] Predict(double[][] inputs) => Model.Predict(inputs);

    /// <summary>Predictions on public inputs given as one flat array of whole examples.</summary>
    public float[] Predict(float[] inputs) => Model.Predict(inputs);

    /// <summary>The architecture and the (DP-trained, hence public) weights, for export.</summary>
    public ModelExport Export() => ModelExport.From(Model);

    private void CheckShapes(PrivateDataLoader loader) => CheckInputShape(loader.Features.Shape.Skip(1).ToArray());

    private void CheckInputShape(int[] shape)
    {
        if (!shape.SequenceEqual(Model.InputShape))
            throw new ArgumentException($"The data's examples have shape [{string.Join(", ", shape)}] but the model's input shape is [{string.Join(", ", Model.InputShape)}].");
    }

    private (double? Loss, Dictionary<string, double> Metrics) ReleaseMetrics(PrivateDataLoader loader, double epsilonEach, double bound)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var lastActivation = PerSampleClipping.LastActivation(Model);
        double lossSum = 0;
        var sums = metrics.ToDictionary(m => m, _ => 0.0);
        var x = loader.Features.Data;
        var y = loader.Labels.Data;
        const int chunk = 2048;
        for (long start = 0; start < x.shape[0]; start += chunk)
        {
            using var inner = NewDisposeScope();
            var length = Math.Min(chunk, x.shape[0] - start);
            var output = Model.Forward(x.narrow(0, start, length), training: false, capture: null);
            var target = y.narrow(0, start, length);
            lossSum += loss!.PerExample(output, target, lastActivation).clamp(0, bound).sum().item<float>();
            foreach (var m in metrics)
                sums[m] += Metrics.PerExample(m, output, target, loss, lastActivation, bound).sum().item<float>();
        }
        double n = loader.SampleSize;
        var released = metrics.ToDictionary(m => m, m => (sums[m] + LaplaceMechanism.SampleNoise(Metrics.Bound(m, bound) / epsilonEach)) / n);
        return ((lossSum + LaplaceMechanism.SampleNoise(bound / epsilonEach)) / n, released);
    }

    public override string ToString() =>
        $"PrivateKerasModel(l2NormClip={L2NormClip:G4}, " + (NoiseMultiplier is { } s ? $"noiseMultiplier={s:G4})" : $"targetEpsilon={TargetEpsilon:G4})");
}
