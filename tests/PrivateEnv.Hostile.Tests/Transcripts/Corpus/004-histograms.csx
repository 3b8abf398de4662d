Display(patients["diagnosis"].Histogram(eps: 0.2));
Display(patients["smoker"].Histogram(eps: 0.2));
Display(patients["bmi"].Histogram(12, eps: 0.2));
Display(patients["region"].ValueCounts(eps: 0.2));
//@ next-cell
Display(patients.Histogram2D("sex", "diagnosis", eps: 0.2));
Display(patients.Histogram2D("age", "smoker", eps: 0.2, bins: 7));
Print(patients.Histogram2D("bmi", "cholesterol", 0.2, bins: 3).ToCsv());
