var old = patients[patients["age"] > 70];
var both = PrivateDataFrame.Concat(patients, old);
Print(both.ToString(), both.MaxRowsPerIndividual, both.Count(0.1), both["age"].Mean(0.1), both.Describe(0.5).ToCsv());
var twice = PrivateDataFrame.Concat(old, old, old);
Print(twice.MaxRowsPerIndividual, twice["bmi"].Median(0.1), twice.GroupBy("sex").Count(0.1).ToCsv());
//@ next-cell
var (train, test) = patients.TrainTestSplit(0.2);
var (train2, test2) = patients.TrainTestSplit();
var sample = patients.Sample(0.1);
Print(train.Count(0.05), test.Count(0.05), train2.Count(0.05), test2["age"].Mean(0.05), sample.Count(0.05), sample.Name, train.IsWholeDataset);
