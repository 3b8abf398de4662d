// Splits, samples and recombination: stability is public and follows the code, not the rows.
var (train, test) = patients.TrainTestSplit(0.5);
var back = PrivateDataFrame.Concat(train, test);
Print(back.MaxRowsPerIndividual, back.Count(0.1), back.IsWholeDataset);
var s = patients.Sample(0.01);
var filtered = s[s["age"] > 90];
Print(filtered.Count(0.1), filtered["bmi"].Median(0.1), filtered.Describe(0.3).ToCsv());
var x = FrameTensors.Features(train, "age");
var y = FrameTensors.ClassLabels(test, "sex");
var loader = new PrivateDataLoader(x, y, 100);
Print(loader.SampleSize, loader.SampleSizeSource);
