try { new Sequential(new Dense(4, inputShape: new[] { 3 }), new Reshape(new int[0])); } catch (ArgumentException) { Print("empty reshape"); }
var shared = new Dense(3, inputShape: new[] { 3 });
try { new Sequential(shared, shared); } catch (ArgumentException) { Print("shared layer"); }
try { new Sequential(new Dense(3, "nope")); } catch (ArgumentException) { Print("bad activation"); }
try { new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0); } catch (ArgumentException) { Print("no sigma"); }
try { new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), -1.0, noiseMultiplier: 1); } catch (ArgumentOutOfRangeException) { Print("bad clip"); }
var x = FrameTensors.Features(patients, "age", "bmi");
var y = FrameTensors.ClassLabels(patients, "diagnosis");
var wrong = new PrivateKerasModel(new Sequential(new Dense(4, inputShape: new[] { 3 })), 1.0, noiseMultiplier: 1.0);
wrong.Compile("sgd", "crossentropy");
try { wrong.Fit(new PrivateDataLoader(x, y, 100), 1); } catch (ArgumentException) { Print("wrong input shape"); }
var uncompiled = new PrivateKerasModel(new Sequential(new Dense(4, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0);
try { uncompiled.Fit(new PrivateDataLoader(x, y, 100), 1); } catch (InvalidOperationException) { Print("not compiled"); }
//@ next-cell
var x = FrameTensors.Features(patients, "age", "bmi");
var y = FrameTensors.ClassLabels(patients, "diagnosis");
var m = new PrivateKerasModel(new Sequential(new Dense(3, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 1.0);
m.Compile("sgd", "crossentropy");
m.Fit(new PrivateDataLoader(x, y, 100), 1, metricsEpsilon: 0);
