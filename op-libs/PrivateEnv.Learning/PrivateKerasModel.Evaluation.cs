using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.DataFrame;
using PrivateEnv.Learning.Training;
using PrivateEnv.Privacy.Releases;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>Predictions into private frames and DP evaluation on private data.</summary>
public sealed partial class PrivateKerasModel
{
    /// <summary>
    /// Predictions on a private frame, as a private frame in the same row space (the same slots and mask: join it to
    /// the input with <c>frame.Join(predictions)</c>, no re-pairing). The features are read as for training. A model
    /// compiled with a cross-entropy gives one categorical column named <c>labelColumns[0]</c> with the model's
    /// classes (<paramref name="classes"/>, else the trained labels' categories, else "0", "1", …), and with
    /// <paramref name="probabilities"/> one [0, 1] column per class named "{label}_{class}" (binary: the second
    /// class only). A regression model gives one numeric column per output, clamped to
    /// [<paramref name="lower"/>, <paramref name="upper"/>], which it must be given. Slots whose outputs are not finite
    /// are missing. Free: private in, private out; nothing is released or charged.
    /// </summary>
    public PrivateDataFrame Predict(PrivateDataFrame frame, string[] featureColumns, string[] labelColumns,
        IReadOnlyList<string>? classes = null, double? lower = null, double? upper = null, bool probabilities = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(featureColumns);
        var inputs = FrameTensors.Features(frame, featureColumns, forTraining: false);
        return Predictions(inputs, labelColumns, classes, lower, upper, probabilities, $"{frame.Name}.Predict");
    }

    /// <summary>Predictions on private inputs (which carry their row space) as a private frame; see the frame form.</summary>
    public PrivateDataFrame Predict(PrivateTensor inputs, string[] labelColumns,
        IReadOnlyList<string>? classes = null, double? lower = null, double? upper = null, bool probabilities = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Predictions(inputs, labelColumns, classes, lower, upper, probabilities, "predictions");
    }

    /// <summary>
    /// DP loss and compiled metrics on private data the model did not train on (e.g. the Test part of
    /// <c>TrainTestSplit</c>), charged once: ε is split evenly (basic composition) over a row count and one sum per
    /// value. Sensitivities under adding or removing one individual (who owns at most s = MaxRowsPerIndividual rows):
    /// the count moves by s; each per-example loss is clamped to [0, <paramref name="lossBound"/>] (non-finite values
    /// count as the bound), so the loss sum moves by at most s·lossBound; accuracy is 0 or 1 per example (s); MAE and
    /// MSE are clamped to [0, lossBound] (s·lossBound). Each sum is exact on a public grid plus discrete Laplace noise
    /// of scale sensitivity/ε_part; the means are the noisy sums over the noisy count (post-processing), clamped to
    /// their ranges.
    /// </summary>
    public ModelEvaluation Evaluate(PrivateDataFrame frame, string[] featureColumns, string labelColumn, double eps, double lossBound = 10)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(featureColumns);
        ArgumentNullException.ThrowIfNull(labelColumn);
        var compiled = CompiledLoss("Evaluate");
        var features = FrameTensors.Features(frame, featureColumns, forTraining: false);
        var labels = compiled is CrossEntropy or BinaryCrossEntropy
            ? FrameTensors.ClassLabels(frame, labelColumn, forTraining: false)
            : FrameTensors.Targets(frame, labelColumn, forTraining: false);
        return Evaluate(features, labels, eps, lossBound, $"{frame.Name} ({labelColumn})");
    }

    /// <summary>DP loss and compiled metrics on private features and labels of one dataset; see the frame form.</summary>
    public ModelEvaluation Evaluate(PrivateTensor features, PrivateTensor labels, double eps, double lossBound = 10) =>
        Evaluate(features, labels, eps, lossBound, "private tensors");

    private ModelEvaluation Evaluate(PrivateTensor features, PrivateTensor labels, double eps, double lossBound, string what)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        var compiled = CompiledLoss("Evaluate");
        if (!ReferenceEquals(features.Rows, labels.Rows))
            throw new ArgumentException("Features and labels must come from the same dataset's rows; they are paired slot by slot.");
        CheckInputShape(features.ExampleShape);
        if (!double.IsFinite(lossBound) || lossBound <= 0)
            throw new ArgumentOutOfRangeException(nameof(lossBound), $"lossBound must be a finite number > 0, got {lossBound}.");
        var releases = 2 + metrics.Length;   // the count, the loss and one sum per metric
        if (!double.IsFinite(eps) || eps / releases < DpRelease.MinimumEpsilon || eps > DpRelease.MaximumEpsilon)
            throw new ArgumentOutOfRangeException(nameof(eps),
                $"Evaluate splits eps over {releases} releases of at least {DpRelease.MinimumEpsilon:G3} (2^-20) each: eps must be between {releases * DpRelease.MinimumEpsilon:G3} and {DpRelease.MaximumEpsilon:G3}, got {eps}.");
        CheckLabelsFitOutputs(features, labels, compiled, classCountMustMatch: true);
        var names = new[] { "loss" }.Concat(metrics).ToArray();
        var bounds = new[] { lossBound }.Concat(metrics.Select(m => Metrics.Bound(m, lossBound))).Select(b => ContributionBounds.Range(0, b)).ToArray();
        var stability = features.Rows.Stability;
        var share = eps / (1 + bounds.Length);
        var count = new LaplaceSums(ContributionBounds.Indicator, stability, share);
        var sums = bounds.Select(b => new LaplaceSums(b, stability, share)).ToArray();
        DpRelease.Charge(features.Charger, $"Evaluate: {string.Join(", ", names)} on {what}, eps {eps:G4}", [count, .. sums]);

        var inside = features.Mask.And(labels.Mask).Inside;
        var exact = ExactSums(features.Data, labels.Data, inside, compiled, bounds);
        long rows = 0;
        foreach (var slot in inside) rows += slot;
        var noisyCount = count.Release(rows);
        var denominator = Math.Max(1, noisyCount);
        var values = sums.Select((part, i) => Math.Clamp(part.Release(exact[i]) / denominator, 0, bounds[i].Upper)).ToArray();
        var scales = string.Join(", ", bounds.Select((b, i) => $"{names[i]} sum {stability * b.Upper / share:G3}"));
        return new ModelEvaluation(noisyCount, values[0], metrics.Select((m, i) => (m, values[i + 1])).ToDictionary(p => p.m, p => p.Item2), eps,
            $"DP evaluation on {what}, ε={eps:G4} split evenly over the count and {bounds.Length} sum(s); discrete Laplace scales: count {stability / share:G3}, {scales}. Means are sums over the noisy count.");
    }

    /// <summary>
    /// DP ROC curve and AUC of a binary classifier (binary cross-entropy, or cross-entropy with two outputs) on a label
    /// column with two classes, the second one positive. Each row falls in exactly one cell of a (label × score bin)
    /// histogram with <paramref name="bins"/> equal-width bins of the positive class's predicted probability (a
    /// non-finite score goes to the lowest bin), so the whole histogram is ε-DP with discrete Laplace noise of scale
    /// s/ε per cell (parallel composition; s = MaxRowsPerIndividual). The curve and the AUC are post-processing of
    /// the noisy counts (clamped at 0); pairs within one bin count as ties (half), so the AUC is that of the binned scores.
    /// </summary>
    public ModelRoc RocCurve(PrivateDataFrame frame, string[] featureColumns, string labelColumn, double eps, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(featureColumns);
        var compiled = CompiledLoss("RocCurve");
        if (bins < 2 || bins > 1000) throw new ArgumentOutOfRangeException(nameof(bins), $"bins must be in [2, 1000], got {bins}.");
        if (!double.IsFinite(eps) || eps <= 0) throw new ArgumentOutOfRangeException(nameof(eps), $"eps must be a finite number > 0, got {eps}.");
        var features = FrameTensors.Features(frame, featureColumns, forTraining: false);
        CheckInputShape(features.ExampleShape);
        var labels = FrameTensors.ClassLabels(frame, labelColumn, forTraining: false);
        var classes = labels.Classes!;
        var rows = labels.Rows;
        if (classes.Count != 2) throw new ArgumentException($"An ROC curve needs a label column with two classes; '{labelColumn}' has {classes.Count}.");
        var units = Model.OutputShape.Aggregate(1L, (a, b) => a * b);
        if (!(compiled is BinaryCrossEntropy && units == 1) && !(compiled is CrossEntropy && units == 2))
            throw new ArgumentException("An ROC curve needs a binary classifier: binary cross-entropy with one output, or cross-entropy with two.");
        var stability = rows.Stability;
        var part = new LaplaceSums(ContributionBounds.Indicator, 2 * bins, stability, eps);
        DpRelease.Charge(features.Charger, $"RocCurve: {labelColumn} on {frame.Name}, {bins} bins, eps {eps:G4}", part);

        var inside = features.Mask.And(labels.Mask).Inside;
        var codes = labels.Data.data<long>().ToArray();
        var counts = new long[2 * bins];
        using (NewDisposeScope())
        using (no_grad())
        {
            var output = Model.PredictTensor(features.Data).to_type(ScalarType.Float64).reshape(rows.Size, -1);
            var probability = Probabilities(output, compiled);
            var positive = probability.select(1, probability.shape[1] - 1);   // binary: p itself; two classes: p of the second
            var scores = positive.nan_to_num(0, 0, 0).contiguous().data<double>().ToArray();
            for (var i = 0; i < scores.Length; i++)
            {
                var bin = (int)Math.Clamp(Math.Floor(scores[i] * bins), 0, bins - 1);
                counts[(int)codes[i] * bins + bin] += inside[i];
            }
        }
        var noisy = part.Release(counts).Select(c => Math.Max(0, c)).ToArray();
        var negatives = noisy[..bins];
        var positives = noisy[bins..];
        double totalPositive = positives.Sum(), totalNegative = negatives.Sum();
        // Thresholds from the top: at threshold (bins − k)/bins the rows in the top k bins score "positive".
        var thresholds = Enumerable.Range(0, bins + 1).Select(k => (double)(bins - k) / bins).ToArray();
        double[] Rates(double[] cells, double total)
        {
            var rates = new double[bins + 1];
            for (var k = 1; k <= bins; k++) rates[k] = rates[k - 1] + cells[bins - k];
            return rates.Select(r => total > 0 ? r / total : 0).ToArray();
        }
        var curve = PublicTable.Empty
            .WithColumn("threshold", thresholds)
            .WithColumn("true_positive_rate", Rates(positives, totalPositive))
            .WithColumn("false_positive_rate", Rates(negatives, totalNegative))
            .WithNote($"DP ROC of '{labelColumn}' (positive: {classes[1]}), ε={eps:G4}: one noisy count per (label, score bin) cell, discrete Laplace scale {stability}/ε, {bins} bins.");
        double auc = 0.5;
        if (totalPositive > 0 && totalNegative > 0)
        {
            double below = 0, area = 0;
            for (var b = 0; b < bins; b++)
            {
                area += positives[b] * (below + negatives[b] / 2);
                below += negatives[b];
            }
            auc = area / (totalPositive * totalNegative);
        }
        return new ModelRoc(auc, curve, eps);
    }

    /// <summary>
    /// Per-example loss and metrics over every slot (chunks of 2048), non-finite values replaced by the bound, clamped,
    /// summed exactly in grid units over the slots inside the mask.
    /// </summary>
    private long[] ExactSums(Tensor x, Tensor y, byte[] inside, LossOptions compiled, ContributionBounds[] bounds)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var flushed = Denormals.Flushed();
        var lastActivation = PerSampleClipping.LastActivation(Model);
        var sums = new long[bounds.Length];
        const int chunk = 2048;
        for (long start = 0; start < x.shape[0]; start += chunk)
        {
            using var inner = NewDisposeScope();
            var length = Math.Min(chunk, x.shape[0] - start);
            var output = Model.Forward(x.narrow(0, start, length), training: false, capture: null);
            var target = y.narrow(0, start, length);
            sums[0] += ExactSum(compiled.PerExample(output, target, lastActivation), bounds[0], inside, start);
            for (var m = 0; m < metrics.Length; m++)
                sums[m + 1] += ExactSum(Metrics.PerExample(metrics[m], output, target, compiled, lastActivation, bounds[m + 1].Upper), bounds[m + 1], inside, start);
        }
        return sums;
    }

    /// <summary>
    /// Runs the loss and metrics once on a batch of two all-zero examples of the right shapes (public) and requires one
    /// value per example from each, so that labels that do not fit the model's outputs are refused before anything is
    /// charged, with a message about shapes only (a batch of one would let a width mismatch broadcast through). Fit
    /// runs it too (its metrics are computed after the charge); there extra outputs beyond the classes are allowed.
    /// </summary>
    internal void CheckLabelsFitOutputs(PrivateTensor features, PrivateTensor labels, LossOptions compiled, bool classCountMustMatch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = Model.Forward(zeros([2, .. features.ExampleShape.Select(d => (long)d)]), training: false, capture: null);
        var target = zeros([2, .. labels.Data.shape.Skip(1)], labels.Data.dtype);
        var lastActivation = PerSampleClipping.LastActivation(Model);
        if (classCountMustMatch && compiled is CrossEntropy && labels.Classes is { } classes && output.dim() == 2 && classes.Count != output.shape[1])
            throw new ArgumentException($"The label column has {classes.Count} classes but the model has {output.shape[1]} outputs; end the model with Dense({classes.Count}).");
        if (compiled is BinaryCrossEntropy && labels.Classes is { Count: not 2 } binary)
            throw new ArgumentException($"Binary cross-entropy needs a label column with two classes; this one has {binary.Count}.");
        var mismatch = new ArgumentException($"The labels ([{string.Join(", ", labels.Data.shape.Skip(1))}] per example) do not fit the model's outputs [{string.Join(", ", output.shape.Skip(1))}] under its loss and metrics.");
        try
        {
            if (compiled.PerExample(output, target, lastActivation).shape is not [2]) throw mismatch;
            foreach (var metric in metrics)
                if (Metrics.PerExample(metric, output, target, compiled, lastActivation, 1).shape is not [2]) throw mismatch;
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            throw mismatch;
        }
    }

    private LossOptions CompiledLoss(string operation) =>
        loss ?? throw new InvalidOperationException($"Call Compile(optimizer, loss, metrics) before {operation}: the loss says whether the outputs are classes or values.");

    private PrivateDataFrame Predictions(PrivateTensor inputs, string[] labelColumns, IReadOnlyList<string>? classes,
        double? lower, double? upper, bool probabilities, string name)
    {
        ArgumentNullException.ThrowIfNull(labelColumns);
        if (labelColumns.Length == 0 || labelColumns.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Name the prediction column(s): labelColumns: new[] { \"predicted\" }.");
        var compiled = CompiledLoss("Predict");
        CheckInputShape(inputs.ExampleShape);
        // Everything that can be refused is refused from public shapes and arguments, before the forward pass.
        var units = Model.OutputShape.Aggregate(1L, (a, b) => a * b);
        IReadOnlyList<string> names = [];
        var (lo, hi) = (0.0, 1.0);
        if (compiled is CrossEntropy or BinaryCrossEntropy)
        {
            if (labelColumns.Length != 1) throw new ArgumentException($"A classifier predicts one column; got {labelColumns.Length} names.");
            if (compiled is CrossEntropy && units < 2) throw new ArgumentException("A cross-entropy model needs at least two outputs (one per class).");
            if (compiled is BinaryCrossEntropy && units != 1) throw new ArgumentException($"A binary cross-entropy model has one output; this one has {units}.");
            names = ClassNames(classes, compiled is CrossEntropy ? units : 2);
        }
        else
        {
            if (lower is not { } l || upper is not { } h || !double.IsFinite(l) || !double.IsFinite(h) || l > h)
                throw new ArgumentException("Predictions of a regression model need finite bounds for their column(s): Predict(..., lower: 0, upper: 100). Values are clamped to them.");
            if (labelColumns.Length != units)
                throw new ArgumentException($"The model has {units} output(s) per example but {labelColumns.Length} column name(s) were given.");
            (lo, hi) = (l, h);
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outputs = Model.PredictTensor(inputs.Data).to_type(ScalarType.Float64).reshape(inputs.Rows.Size, -1);
        var finite = outputs.isfinite().all(1);
        var label = labelColumns[0];
        var columns = new List<PrivateSeries>();
        switch (compiled)
        {
            case CrossEntropy:
                {
                    var probability = Probabilities(outputs, compiled);
                    columns.Add(CategorySeries(inputs, label, names, Codes(finite, probability.argmax(1))));
                    if (probabilities)
                        for (var k = 0; k < units; k++)
                            columns.Add(NumberSeries(inputs, $"{label}_{names[k]}", 0, 1, where(finite, probability.select(1, k), NaN(finite))));
                    break;
                }
            case BinaryCrossEntropy:
                {
                    var positive = Probabilities(outputs, compiled).select(1, 0);
                    columns.Add(CategorySeries(inputs, label, names, Codes(finite, positive.ge(0.5).to_type(ScalarType.Int64))));
                    if (probabilities) columns.Add(NumberSeries(inputs, $"{label}_{names[1]}", 0, 1, where(finite, positive, NaN(finite))));
                    break;
                }
            default:
                columns.AddRange(labelColumns.Select((column, k) => NumberSeries(inputs, column, lo, hi, outputs.select(1, k))));
                break;
        }
        return FrameData.FromSeries(name, columns);
    }

    /// <summary>Class codes per slot, −1 where the outputs are not finite.</summary>
    private static int[] Codes(Tensor finite, Tensor classes) =>
        where(finite, classes, full_like(finite, -1L, ScalarType.Int64)).to_type(ScalarType.Int32).data<int>().ToArray();

    /// <summary>
    /// Class probabilities from a classifier's [slots, units] outputs, read as its last activation says: after softmax
    /// (or sigmoid, for binary cross-entropy) they are probabilities, after log_softmax their exponentials, otherwise logits.
    /// </summary>
    private Tensor Probabilities(Tensor outputs, LossOptions compiled)
    {
        var lastActivation = PerSampleClipping.LastActivation(Model);
        return compiled is BinaryCrossEntropy
            ? (lastActivation == "sigmoid" ? outputs : outputs.sigmoid())
            : lastActivation is "softmax" ? outputs : lastActivation is "log_softmax" ? outputs.exp() : outputs.softmax(1);
    }

    private IReadOnlyList<string> ClassNames(IReadOnlyList<string>? classes, long count)
    {
        var names = classes ?? (Classes?.Count == count ? Classes : Enumerable.Range(0, (int)count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        if (names.Count != count)
            throw new ArgumentException($"The model has {count} classes but {names.Count} class names were given.");
        return names;
    }

    private static Tensor NaN(Tensor like) => full(like.shape, double.NaN, ScalarType.Float64);

    private static PrivateSeries CategorySeries(PrivateTensor inputs, string name, IReadOnlyList<string> classes, int[] codes) =>
        FrameData.CategorySeries(inputs.Rows, inputs.Mask, name, classes, codes);

    /// <summary>A numeric column over the slots; non-finite values become missing, the rest are clamped to [lo, hi].</summary>
    private static PrivateSeries NumberSeries(PrivateTensor inputs, string name, double lo, double hi, Tensor values)
    {
        var numbers = values.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        // v − v is 0 for a finite v and NaN otherwise: non-finite values become missing without a branch on them.
        for (var i = 0; i < numbers.Length; i++) numbers[i] = Math.Min(Math.Max(numbers[i], lo), hi) + (numbers[i] - numbers[i]);
        return FrameData.NumericSeries(inputs.Rows, inputs.Mask, name, lo, hi, numbers);
    }
}
