// Tensors made from private tensors keep the row space and mask; nothing about sizes appears.
var few = patients[patients["bmi"] > 58];
var x = FrameTensors.Features(few, "bmi", "age");
var net = new PrivateKerasModel(new Sequential(new Dense(3, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0);
var p = net.Predict(x);
Print(p.ToString(), string.Join(",", p.Shape));
try { new PrivateDataLoader(p, FrameTensors.ClassLabels(patients, "sex"), 10); Print("paired"); } catch (ArgumentException) { Print("not paired"); }
var y = FrameTensors.ClassLabels(few, "sex");
var loader = new PrivateDataLoader(p, y, 10);
Print(loader.ToString(), loader.SampleSize);
