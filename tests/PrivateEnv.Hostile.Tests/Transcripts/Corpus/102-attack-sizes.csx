// Class 2: exact sizes through shapes, loader properties, messages, steps, ε and calibrated σ.
var one = patients[(patients["age"] > 94) & (patients["bmi"] > 55)];
var x = FrameTensors.Features(one, "age", "bmi");
var y = FrameTensors.ClassLabels(one, "sex");
Print(x.ToString(), string.Join(",", x.Shape), y.ToString());
var loader = new PrivateDataLoader(x, y, batchSize: 1, sampleSize: 100);
Print(loader.ToString(), loader.SampleSize, loader.SamplingProbability, loader.Slots);
var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, targetEpsilon: 2.0);
model.Compile("sgd", "crossentropy");
Print(model.GetPrivacyBudget(100, 1, 1, 1e-5), model.NoiseMultiplier);
var history = model.Fit(loader, epochs: 1, targetDelta: 1e-5, metricsEpsilon: 0.01);
Print(history.Steps, history.Epsilon, model.NoiseMultiplier, history);
try { new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 0.2).Fit(loader, 50); }
catch (InvalidOperationException) { Print("not compiled"); }
