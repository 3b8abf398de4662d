// The seed flow: split, DP-SGD on the train part, predictions into a private frame on the test part, DP accuracy
// and a DP confusion matrix; every public member of the evaluation API.
var (train, test) = patients.TrainTestSplit(0.25);
var features = new[] { "age", "bmi", "systolic_bp", "cholesterol", "smoker" };
var model = new PrivateKerasModel(new Sequential(new Dense(16, "tanh", inputShape: new[] { 5 }), new Dense(4)), l2NormClip: 1.0, noiseMultiplier: 1.5);
model.Compile(new Adam(0.02), new CrossEntropy(), "accuracy");
var history = model.Fit(new PrivateDataLoader(FrameTensors.Features(train, features), FrameTensors.ClassLabels(train, "diagnosis"), batchSize: 200, sampleSize: 7_500), epochs: 2, metricsEpsilon: 0);
Print(string.Join(",", model.Classes));
var predictions = model.Predict(test, features, labelColumns: new[] { "predicted" }, probabilities: true);
Print(predictions.ToString(), string.Join(",", predictions.Columns), predictions["predicted_diabetes"].ToString());
var scored = test.Join(predictions);
var evaluation = model.Evaluate(test, features, "diagnosis", eps: 0.3);
Print(evaluation, evaluation.Count, evaluation.Loss, evaluation.Metrics["accuracy"], evaluation.Epsilon, evaluation.Note);
Display(evaluation);
var confusion = scored.Histogram2D("diagnosis", "predicted", eps: 0.3);
Display(confusion);
Print(confusion.ToCsv(), confusion.ToSvg().Length > 0);
Print(scored["predicted"].Eq("healthy").Mean(0.1), predictions["predicted_healthy"].Mean(0.1));
//@ next-cell
// Tensor forms, regression outputs with stated bounds, and binary classification.
var x = FrameTensors.Features(patients, "age", "bmi");
var y = FrameTensors.Targets(patients, "systolic_bp");
var regression = new PrivateKerasModel(new Sequential(new Dense(1, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 2.0);
regression.Compile("adam", "mse", new[] { "mae" });
var bp = regression.Predict(x, new[] { "bp" }, lower: 80, upper: 220);
Print(bp.ToString(), bp["bp"].Mean(0.1), regression.Evaluate(x, y, eps: 0.2, lossBound: 100));
var smoker = FrameTensors.ClassLabels(patients, "smoker");
var binary = new PrivateKerasModel(new Sequential(new Dense(1, "sigmoid", inputShape: new[] { 2 })), 1.0, noiseMultiplier: 2.0);
binary.Compile("sgd", "binary_crossentropy", new[] { "accuracy" });
var p = binary.Predict(x, new[] { "smokes" }, classes: new[] { "no", "yes" }, probabilities: true);
Print(p.ToString(), p["smokes"].Histogram(0.1), binary.Evaluate(x, smoker, eps: 0.2));
var roc = binary.RocCurve(patients, new[] { "age", "bmi" }, "smoker", eps: 0.2, bins: 5);
Display(roc);
Print(roc, roc.Auc, roc.Epsilon, roc.Curve.ToCsv(), roc.ToSvg().Length > 0);
