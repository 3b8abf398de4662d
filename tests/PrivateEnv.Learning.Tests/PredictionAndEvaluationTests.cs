using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Learning.Layers;
using PrivateEnv.Privacy.Releases;
using PrivateEnv.Privacy.Tests;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Tests;

/// <summary>
/// Predictions as private frames in the input's row space, and DP evaluation: the seed flow (split, train on one
/// part, predict and evaluate on the other) on the demo dataset, with the DP accuracy tested against its analytic
/// error bound around the exact accuracy.
/// </summary>
public class PredictionAndEvaluationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double Exact = 1e9;   // noise of scale ~1e-9: checks the released quantities themselves
    private static readonly string[] Features = ["age", "bmi", "systolic_bp", "cholesterol", "smoker"];

    private readonly RecordingCharger charger = new();

    private PrivateDataFrame Patients() =>
        PrivateDataFrameLoader.Load("patients", new StringReader(DemoDataset.GenerateCsv(4000)), DemoDataset.Metadata, charger);

    private static PrivateKerasModel TrainedClassifier(PrivateDataFrame train)
    {
        var model = new PrivateKerasModel(new Sequential(new Dense(16, "tanh", inputShape: [5]), new Dense(4)), l2NormClip: 1.0, noiseMultiplier: 1.0);
        model.Compile(new Adam(0.02), new CrossEntropy(), "accuracy");
        var loader = new PrivateDataLoader(FrameTensors.Features(train, Features), FrameTensors.ClassLabels(train, "diagnosis"), batchSize: 200, sampleSize: 3000);
        model.Fit(loader, epochs: 2, metricsEpsilon: 0);
        return model;
    }

    [Fact]
    public void Predictions_come_back_as_a_frame_in_the_input_row_space_with_the_trained_classes()
    {
        var (train, test) = Patients().TrainTestSplit(0.25);
        var model = TrainedClassifier(train);
        Assert.Equal(["healthy", "hypertension", "diabetes", "heart_disease"], model.Classes);
        Assert.False(model.Classes is string[], "a cell could cast the class list back to an array and rewrite it");
        Assert.Throws<NotSupportedException>(() => ((IList<string>)model.Classes!)[0] = "x");

        var predictions = model.Predict(test, Features, labelColumns: ["predicted"], probabilities: true);
        Assert.Equal(["predicted", "predicted_healthy", "predicted_hypertension", "predicted_diabetes", "predicted_heart_disease"], predictions.Columns);
        Assert.Equal(model.Classes, predictions.Metadata.Columns[0].CategoryList);
        Assert.All(predictions.Metadata.Columns.Skip(1), c => Assert.Equal((0.0, 1.0), (c.Lower!.Value, c.Upper!.Value)));

        // Same slots and mask: joined to the test frame, every test row has a prediction.
        var scored = test.Join(predictions);
        var rows = test.Count(Exact);
        Assert.Equal(rows, scored["predicted"].Count(Exact), 6);
        var probabilitySum = predictions.Columns.Skip(1).Sum(c => predictions[c].Sum(Exact));
        Assert.Equal(rows, probabilitySum, 3);

        // The confusion matrix's diagonal is the exact number of correct predictions.
        var confusion = scored.Histogram2D("diagnosis", "predicted", Exact);
        var diagonal = model.Classes!.Select((c, i) => confusion.GetNumber(i, c)).Sum();
        Assert.Equal(ExactCorrect(model, test), diagonal, 3);
        Assert.Contains("<rect", confusion.ToSvg());
    }

    [Fact]
    public void Regression_outputs_are_clamped_to_stated_bounds_and_non_finite_outputs_are_missing()
    {
        var patients = Patients();
        var regression = new PrivateKerasModel(new Sequential(new Dense(1, inputShape: [5])), 1.0, noiseMultiplier: 1.0);
        regression.Compile("sgd", "mse");
        var error = Assert.Throws<ArgumentException>(() => regression.Predict(patients, Features, ["bp"]));
        Assert.Contains("lower: 0, upper: 100", error.Message);
        SetAll(regression.Model, 1e30f);
        var clamped = regression.Predict(patients, Features, ["bp"], lower: 80, upper: 220);
        Assert.Equal((80.0, 220.0), (clamped.Metadata.Columns[0].Lower!.Value, clamped.Metadata.Columns[0].Upper!.Value));
        Assert.Equal(220, clamped["bp"].Mean(Exact), 3);

        var broken = new PrivateKerasModel(new Sequential(new Dense(4, inputShape: [5])), 1.0, noiseMultiplier: 1.0);
        broken.Compile("sgd", "crossentropy");
        SetAll(broken.Model, float.NaN);
        var missing = broken.Predict(patients, Features, ["predicted"]);
        Assert.Equal(0, missing["predicted"].Count(Exact), 3);
        Assert.Equal(patients.Count(Exact), missing.Count(Exact), 3);

        var uncompiled = new PrivateKerasModel(new Sequential(new Dense(4, inputShape: [5])), 1.0, noiseMultiplier: 1.0);
        Assert.Throws<InvalidOperationException>(() => uncompiled.Predict(patients, Features, ["predicted"]));
    }

    /// <summary>
    /// ε = 1 split over the count, the loss and the accuracy: each sum gets discrete Laplace noise of scale 3, so
    /// with probability ≥ 1 − 1e-6 each |noise| ≤ T = 3·ln(2·10⁶) + 1 ≈ 44.5, and the DP accuracy (S + Z₁)/(N + Z₀)
    /// is within 2T/(N − T) of S/N. Ten fixed seeds; the charge is exactly ε once.
    /// </summary>
    [Fact]
    public void Dp_accuracy_is_within_its_analytic_error_bound_of_the_exact_accuracy()
    {
        var (train, test) = Patients().TrainTestSplit(0.25);
        var model = TrainedClassifier(train);
        var exactCorrect = ExactCorrect(model, test);
        var rows = (double)ExactRows(test);
        var exactAccuracy = exactCorrect / rows;
        var t = 3 * Math.Log(2e6) + 1;
        var bound = 2 * t / (rows - t);
        var before = charger.Charges.Count;
        for (ulong seed = 1; seed <= 10; seed++)
        {
            using var seeded = ReleaseRandomness.Use(new SeededRandomBits(seed));
            var evaluation = model.Evaluate(test, Features, "diagnosis", eps: 1.0);
            output.WriteLine($"seed {seed}: DP accuracy {evaluation.Metrics["accuracy"]:F4} vs exact {exactAccuracy:F4} (bound ±{bound:F4}), rows {evaluation.Count:F0} vs {rows}, loss {evaluation.Loss:F3}");
            Assert.InRange(evaluation.Metrics["accuracy"], exactAccuracy - bound, exactAccuracy + bound);
            Assert.InRange(evaluation.Count, rows - t, rows + t);
            Assert.InRange(evaluation.Loss, 0, 10);
        }
        Assert.Equal(10, charger.Charges.Count - before);
        Assert.All(charger.Charges.Skip(before), c => Assert.Equal(1.0, c.Epsilon, 12));
    }

    [Fact]
    public void Evaluation_refuses_bad_inputs_before_charging()
    {
        var (train, test) = Patients().TrainTestSplit(0.25);
        var model = TrainedClassifier(train);
        var before = charger.Charges.Count;
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Evaluate(test, Features, "diagnosis", eps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Evaluate(test, Features, "diagnosis", eps: 1, lossBound: double.NaN));
        Assert.Throws<ArgumentException>(() => model.Evaluate(test, Features, "nope", eps: 1));
        Assert.Throws<ArgumentException>(() => model.Evaluate(test, ["age"], "diagnosis", eps: 1));
        Assert.Contains("2 classes but the model has 4 outputs", Assert.Throws<ArgumentException>(() => model.Evaluate(test, Features, "sex", eps: 1)).Message);
        var regression = new PrivateKerasModel(new Sequential(new Dense(3, inputShape: [5])), 1.0, noiseMultiplier: 1.0);
        regression.Compile("sgd", "mse", ["mae"]);
        Assert.Throws<ArgumentException>(() => regression.Evaluate(test, Features, "bmi", eps: 1));
        // Two outputs against two targets, with accuracy: a batch of one broadcasts; a batch of two shows the mismatch.
        var wide = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: [2])), 1.0, noiseMultiplier: 1.0);
        wide.Compile("sgd", "mse", ["accuracy"]);
        Assert.Throws<ArgumentException>(() => wide.Evaluate(FrameTensors.Features(test, "age", "bmi"), FrameTensors.Features(test, "systolic_bp", "cholesterol"), eps: 1));
        // Fit computes its metrics after its charge: the same mismatch is refused before it.
        var loader = new PrivateDataLoader(FrameTensors.Features(train, "age", "bmi"), FrameTensors.Features(train, "systolic_bp", "cholesterol"), 200, sampleSize: 3000);
        Assert.Throws<ArgumentException>(() => wide.Fit(loader, epochs: 1, metricsEpsilon: 0.1));
        // ε split over the count, the loss and accuracy: each share must reach the floor 2^-20.
        var tiny = Assert.Throws<ArgumentOutOfRangeException>(() => model.Evaluate(test, Features, "diagnosis", eps: 2e-6));
        Assert.Contains("splits eps over 3 releases", tiny.Message);
        Assert.Equal(before, charger.Charges.Count);
    }

    /// <summary>
    /// The DP ROC curve at an ε so large that the noise vanishes equals the AUC of the binned scores computed pair by
    /// pair from the private tensors; the curve runs from (0, 0) to (1, 1) without going down.
    /// </summary>
    [Fact]
    public void Roc_curve_and_auc_match_a_pairwise_count_of_the_binned_scores()
    {
        var patients = Patients();
        var features = new[] { "age", "bmi", "systolic_bp", "cholesterol" };
        var model = new PrivateKerasModel(new Sequential(new Dense(1, "sigmoid", inputShape: [4])), 1.0, noiseMultiplier: 1.0);
        model.Compile(new Adam(0.05), new BinaryCrossEntropy(), "accuracy");
        model.Fit(new PrivateDataLoader(FrameTensors.Features(patients, features), FrameTensors.ClassLabels(patients, "smoker"), 200, sampleSize: 4000), epochs: 3, metricsEpsilon: 0);
        var roc = model.RocCurve(patients, features, "smoker", eps: Exact, bins: 10);

        var x = FrameTensors.Features(patients, features);
        var y = FrameTensors.ClassLabels(patients, "smoker");
        using var noGrad = no_grad();
        var scores = model.Model.PredictTensor(x.Data).reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
        var labels = y.Data.data<long>().ToArray();
        var inside = (x.MaskTensor * y.MaskTensor).data<float>().ToArray();
        var bins = scores.Select(v => (int)Math.Clamp(Math.Floor(v * 10), 0, 9)).ToArray();
        var positive = Enumerable.Range(0, scores.Length).Where(i => inside[i] == 1 && labels[i] == 1).Select(i => bins[i]).ToArray();
        var negative = Enumerable.Range(0, scores.Length).Where(i => inside[i] == 1 && labels[i] == 0).Select(i => bins[i]).ToArray();
        var wins = positive.Sum(p => negative.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0));
        Assert.Equal(wins / ((double)positive.Length * negative.Length), roc.Auc, 6);
        var tpr = roc.Curve.Numbers("true_positive_rate").Select(v => v!.Value).ToArray();
        var fpr = roc.Curve.Numbers("false_positive_rate").Select(v => v!.Value).ToArray();
        Assert.Equal((0.0, 0.0), (tpr[0], fpr[0]));
        Assert.Equal(1.0, tpr[^1], 9);
        Assert.Equal(1.0, fpr[^1], 9);
        Assert.True(tpr.Zip(tpr.Skip(1)).All(p => p.Second >= p.First) && fpr.Zip(fpr.Skip(1)).All(p => p.Second >= p.First));
        Assert.Contains("<polyline", roc.ToSvg());
        Assert.Throws<ArgumentException>(() => model.RocCurve(patients, features, "diagnosis", eps: 1));
    }

    /// <summary>The number of test rows whose predicted class equals the label, from the private tensors directly.</summary>
    private static double ExactCorrect(PrivateKerasModel model, PrivateDataFrame test)
    {
        var x = FrameTensors.Features(test, Features);
        var y = FrameTensors.ClassLabels(test, "diagnosis");
        using var noGrad = no_grad();
        var predicted = model.Model.PredictTensor(x.Data).argmax(1);
        return (predicted.eq(y.Data).to_type(ScalarType.Float32) * x.MaskTensor * y.MaskTensor).sum().item<float>();
    }

    private static long ExactRows(PrivateDataFrame test)
    {
        var y = FrameTensors.ClassLabels(test, "diagnosis");
        var x = FrameTensors.Features(test, Features);
        return (long)(x.MaskTensor * y.MaskTensor).sum().item<float>();
    }

    private static void SetAll(Sequential model, float value)
    {
        model.EnsureBuilt();
        using var noGrad = no_grad();
        foreach (var p in model.TrainableParameters) p.fill_(value);
    }
}
