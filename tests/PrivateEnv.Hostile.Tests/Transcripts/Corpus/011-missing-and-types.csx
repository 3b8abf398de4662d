var bmi = patients["bmi"];
Print(bmi.FillNa(25).Mean(0.05), bmi.DropNa().Count(0.05), patients["region"].FillNa("north").Histogram(0.05).ToCsv());
var numeric = patients["smoker"].AsType(ColumnKind.Numeric);
var flag = (patients["age"] - 50).AsType(ColumnKind.Boolean);
var text = patients["region"].AsType(ColumnKind.Text);
var text2 = patients["diagnosis"].AsType(ColumnKind.Text);
Print(numeric.ToString(), flag.ToString(), text.ToString(), text2.ToString(), numeric.Mean(0.05), flag.Mean(0.05), text.Count(0.05), patients[text2.Eq("healthy")].Count(0.05));
Print(patients.DropNa().Count(0.05), patients.DropNa("bmi", "region").Count(0.05));
