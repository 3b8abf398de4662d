var g = patients.GroupBy("region");
Print(g.ToString(), g.Column, string.Join(",", g.Groups));
Display(g.Count(eps: 0.1));
Display(g.Mean("age", eps: 0.1));
Display(g.Sum("bmi", eps: 0.1));
Display(g.Median("cholesterol", eps: 0.1));
//@ next-cell
Display(patients.GroupBy("diagnosis").Agg(1.0, ("age", "mean"), ("bmi", "var"), ("systolic_bp", "std"), ("cholesterol", "min"), ("cholesterol", "max"), ("age", "count"), ("*", "count"), ("bmi", "sum"), ("age", "median")));
Display(patients.GroupBy("smoker").Agg(0.5, ("age", "mean")));
Display(patients[patients["age"] > 90].GroupBy("sex").Count(0.1));
