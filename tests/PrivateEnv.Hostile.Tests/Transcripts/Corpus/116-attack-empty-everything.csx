// Everything on a selection that is empty on one neighbour and not on the other: no error may differ.
var none = patients[(patients["age"] > 94.5) & (patients["bmi"] > 59.5) & (patients["systolic_bp"] > 219) & (patients["cholesterol"] > 399)];
Print(none.Count(0.1), none["bmi"].Mean(0.1), none["bmi"].Var(0.1), none["bmi"].Quantile(0.9, 0.1), none["region"].ValueCounts(0.1).ToCsv());
Print(none.Describe(0.5).ToCsv(), none.Histogram2D("sex", "region", 0.1).ToCsv(), none.Cov("age", "bmi", 0.1), none.Corr("age", "bmi", 0.1));
var x = FrameTensors.Features(none, "age");
var y = FrameTensors.ClassLabels(none, "sex");
var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 1 })), 1.0, noiseMultiplier: 1.0);
model.Compile("sgd", "crossentropy", new[] { "accuracy" });
Print(model.Fit(new PrivateDataLoader(x, y, 1, sampleSize: 10), 2, targetDelta: 1e-6));
