var old = patients[patients["age"] > 60];
var oldSmokers = old[old["smoker"].Eq(1)];
var viaOther = patients[old["smoker"].Eq(1)];
var both = oldSmokers["bmi"] + viaOther["bmi"];
Print(oldSmokers.Count(0.05), viaOther.Count(0.05), both.Mean(0.05), oldSmokers["age", "bmi"].Describe(0.2).ToCsv());
var assigned = patients.Assign("old_smoker_bmi", both);
Print(assigned["old_smoker_bmi"].Count(0.05), assigned.Count(0.05));
