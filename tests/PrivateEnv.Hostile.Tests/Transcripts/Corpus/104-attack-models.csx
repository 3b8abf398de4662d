// Class 4: models that would break per-example clipping: huge/NaN weights, batch mixing, shared layers, re-pairing.
var net = new Sequential(new Dense(1, inputShape: new[] { 2 }), new Dense(2));
var export = net.ToString();
var x = FrameTensors.Features(patients, "age", "bmi");
var y = FrameTensors.ClassLabels(patients, "sex");
var seeded = new PrivateKerasModel(new Sequential(new Dense(64, "relu", inputShape: new[] { 2 }), new Dense(2)), 1.0, noiseMultiplier: 1.0);
seeded.Compile(new Sgd(1e30), new CrossEntropy(), "accuracy");
var h = seeded.Fit(new PrivateDataLoader(x, y, 500), epochs: 2, metricsEpsilon: 0.02);
Print(h, export.ToString());
Export(seeded.Export(), "after");
//@ next-cell
// Features from one filter and labels from another: paired slot by slot, never shifted by who passed a filter.
var xs = FrameTensors.Features(patients[patients["age"] > 90], "age", "bmi");
var ys = FrameTensors.ClassLabels(patients[patients["bmi"] > 50], "sex");
var m = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0);
m.Compile("sgd", "crossentropy", new[] { "accuracy" });
Print(m.Fit(new PrivateDataLoader(xs, ys, 10, sampleSize: 50), 1, metricsEpsilon: 0.01));
//@ next-cell
try { new Sequential(new Dense(1, inputShape: new[] { 2 }), new Reshape(new int[0]), new Activation("log_softmax")); } catch (ArgumentException) { Print("no batch mixing reshape"); }
var mix = new Sequential(new Dense(3, inputShape: new[] { 2 }), new Activation("softmax"));
Print(mix.Summary());
