var old = patients[patients["age"] > 50];
var x = FrameTensors.Features(old, "age", "bmi", "cholesterol");
var y = FrameTensors.Targets(old, "systolic_bp");
var model = new PrivateKerasModel(new Sequential(new Dense(4, "tanh", inputShape: new[] { 3 }), new Dense(1)), l2NormClip: 0.5, targetEpsilon: 1.0);
model.Compile("sgd", "mse", new[] { "mae", "mse" }, learningRate: 0.05);
var loader = new PrivateDataLoader(x, y, batchSize: 100);
var history = model.Fit(loader, epochs: 2, targetDelta: 1e-6, accountant: PrivateEnv.Privacy.Accounting.AccountantKind.Pld);
Print(loader.SampleSize, model.NoiseMultiplier, history, history.Steps);
//@ next-cell
var y2 = FrameTensors.ClassLabels(patients, "sex");
var m2 = new PrivateKerasModel(new Sequential(new Dense(1, inputShape: new[] { 3 })), 1.0, noiseMultiplier: 0.3);
m2.Compile(new Sgd(0.1), new BinaryCrossEntropy(), "accuracy");
try { m2.Fit(new PrivateDataLoader(x, y2, batchSize: 100), epochs: 20, targetDelta: 1e-6); }
catch (PrivateEnv.Privacy.BudgetExceededException e) { Print(e.Message, e.NeededEpsilon, e.RemainingEpsilon); }
