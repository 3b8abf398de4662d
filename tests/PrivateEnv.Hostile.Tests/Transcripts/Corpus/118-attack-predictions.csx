// Predictions and evaluation under attack: a one-row test split, outputs that a crafted model pushes past their
// bounds or to NaN, predictions used to re-pair rows, and evaluation of a filter that may hold no row at all.
var features = new[] { "age", "bmi" };
var oneRow = patients[patients["age"].Ge(95) & patients["bmi"].Ge(59.5)];
var net = new Sequential(new Dense(2, inputShape: new[] { 2 }));
var model = new PrivateKerasModel(net, 1.0, noiseMultiplier: 1.0);
model.Compile("sgd", "crossentropy", new[] { "accuracy" });
Print(model.Evaluate(oneRow, features, "sex", eps: 0.1));
var predicted = model.Predict(oneRow, features, new[] { "guess" }, probabilities: true);
Print(predicted.ToString(), predicted["guess"].Histogram(0.1), predicted["guess_1"].Sum(0.1));
//@ next-cell
// Weights of 1e30 and NaN: probabilities stay in [0, 1], regression outputs in the stated bounds, NaN rows are missing.
var huge = new Sequential(new Dense(1, inputShape: new[] { 2 }));
huge.Compile(new Sgd(1e30), new MeanAbsoluteError());
huge.Fit(new[] { new[] { 1.0, 1.0 }, new[] { 0.5, 0.2 } }, new[] { 1e30, -1e30 }, epochs: 3, batchSize: 1);   // public data: weights blow up
var regression = new PrivateKerasModel(huge, 1.0, noiseMultiplier: 1.0);
regression.Compile("sgd", "mae");
var bounded = regression.Predict(patients, new[] { "age", "bmi" }, new[] { "y" }, lower: -1, upper: 1);
Print(bounded.ToString(), bounded["y"].Sum(0.1), bounded["y"].Count(0.1), bounded["y"].Max(0.1));
//@ next-cell
// expect-error
regression.Predict(patients, new[] { "age", "bmi" }, new[] { "y" });
//@ next-cell
// expect-error
regression.Predict(patients, new[] { "age", "bmi" }, new[] { "y" }, lower: 1, upper: -1);
//@ next-cell
// expect-error
model.Predict(patients, new[] { "age", "bmi" }, new[] { "a", "b" });
//@ next-cell
// expect-error
model.Predict(patients, new[] { "age", "bmi" }, new[] { "a" }, classes: new[] { "x", "y", "z" });
//@ next-cell
// expect-error
new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0).Predict(patients, new[] { "age", "bmi" }, new[] { "a" });
//@ next-cell
// Re-pairing: predictions of one filter used as labels for features of another stay on their own slots.
var old = patients[patients["age"] > 80];
var young = patients[patients["age"] < 30];
var m = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0);
m.Compile("sgd", "crossentropy");
var guesses = m.Predict(old, new[] { "age", "bmi" }, new[] { "guess" });
var mixed = young.Join(guesses);
Print(mixed["guess"].Count(0.1), mixed.Histogram2D("sex", "guess", 0.1));
var labels = FrameTensors.ClassLabels(guesses, "guess");
var loader = new PrivateDataLoader(FrameTensors.Features(young, "age", "bmi"), labels, 10, sampleSize: 100);
Print(m.Fit(loader, 1, metricsEpsilon: 0.01));
Print(m.Evaluate(young.Join(guesses), new[] { "age", "bmi" }, "guess", eps: 0.1));
