var x = FrameTensors.Features(patients, "age", "bmi", "smoker");
var t = FrameTensors.Targets(patients, "systolic_bp");
foreach (var loss in new LossOptions[] { new MeanSquaredError(), new MeanAbsoluteError(), new Huber(0.5) })
{
    var model = new PrivateKerasModel(new Sequential(new Dense(4, "relu", inputShape: new[] { 3 }), new Dense(1)), 1.0, noiseMultiplier: 2.0);
    model.Compile(new RmsProp(0.01), loss, "mae", "mse");
    Print(loss.ToString(), model.Fit(new PrivateDataLoader(x, t, 500), 1, targetDelta: 1e-6, metricsBound: 50));
}
//@ next-cell
var x = FrameTensors.Features(patients, "age", "bmi", "smoker");
var s = FrameTensors.Targets(patients, "smoker");
var binary = new PrivateKerasModel(new Sequential(new Dense(1, "sigmoid", inputShape: new[] { 3 })), 1.0, noiseMultiplier: 2.0);
binary.Compile(new AdamW(0.01), new BinaryCrossEntropy(), "accuracy");
Print(binary.Fit(new PrivateDataLoader(x, s, 500), 1, targetDelta: 1e-6));
var logits = new PrivateKerasModel(new Sequential(new Dense(1, inputShape: new[] { 3 })), 1.0, noiseMultiplier: 2.0);
logits.Compile(new Adagrad(0.1), new BinaryCrossEntropy(FromLogits: true), "accuracy");
Print(logits.Fit(new PrivateDataLoader(x, s, 500), 1, targetDelta: 1e-6));
