var a = patients["age"];
Print(patients[a > 50].Count(0.05), patients[a < 30].Count(0.05), patients[a >= 94].Count(0.05), patients[a <= 18].Count(0.05));
Print(patients[a.Gt(40)].Count(0.05), patients[a.Lt(40)].Count(0.05), patients[a.Ge(95)].Count(0.05), patients[a.Le(18)].Count(0.05));
Print(patients[a.Eq(95)].Count(0.05), patients[a.Ne(95)].Count(0.05), patients[a.IsIn(18, 95)].Count(0.05));
Print(patients[patients["sex"].Eq("M")].Count(0.05), patients[patients["sex"].Ne("M")].Count(0.05), patients[patients["region"].IsIn("west", "east")].Count(0.05));
Print(patients[patients["bmi"].IsNa()].Count(0.05), patients[patients["bmi"].NotNa()].Count(0.05));
//@ next-cell
var m = (patients["age"] > 60) & (patients["smoker"].Eq(1)) | !(patients["bmi"] < 40);
Print(patients[m].Count(0.1), patients.Where(m)["cholesterol"].Mean(0.1), patients[m][patients["sex"].Eq("F")].Count(0.1));
