var x = FrameTensors.Features(patients, "age", "bmi", "systolic_bp", "cholesterol", "smoker");
var y = FrameTensors.ClassLabels(patients, "diagnosis");
var t = FrameTensors.Targets(patients, "cholesterol");
Print(x.ToString(), y.ToString(), t.ToString(), string.Join(",", x.Shape), string.Join(",", x.ExampleShape), string.Join(",", y.Shape), string.Join(",", t.Shape));
var loader = new PrivateDataLoader(x, y, batchSize: 200);
Print(loader.ToString(), loader.BatchSize, loader.SampleSize, loader.SampleSizeSource, loader.SamplingProbability, loader.Slots);
var given = new PrivateDataLoader(x, t, batchSize: 100, sampleSize: 5000);
Print(given.ToString(), given.SampleSize, given.SamplingProbability);
//@ next-cell
var old = patients[patients["age"] > 80];
var ox = FrameTensors.Features(old, "age", "bmi");
var oy = FrameTensors.ClassLabels(patients[patients["smoker"].Eq(1)], "sex");
Print(ox.ToString(), string.Join(",", ox.Shape), string.Join(",", oy.Shape));
var counted = new PrivateDataLoader(ox, oy, batchSize: 20);
var counted2 = new PrivateDataLoader(ox, oy, batchSize: 20, sizeEpsilon: 0.05);
Print(counted.ToString(), counted.SampleSize, counted.SampleSizeSource, counted.SamplingProbability, counted2.SampleSize);
try { new PrivateDataLoader(ox, FrameTensors.ClassLabels(PrivateDataFrame.Concat(patients), "sex"), 10); } catch (ArgumentException) { Print("different datasets"); }
try { new PrivateDataLoader(ox, oy, batchSize: 0); } catch (ArgumentOutOfRangeException) { Print("bad batch"); }
try { new PrivateDataLoader(ox, oy, batchSize: 50, sampleSize: 10); } catch (ArgumentOutOfRangeException) { Print("sample size below batch"); }
