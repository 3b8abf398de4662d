foreach (var c in new[] { "age", "bmi", "systolic_bp", "cholesterol", "smoker" })
    Print(c, patients[c].Sum(eps: 0.05), patients[c].Mean(eps: 0.05), patients[c].Var(eps: 0.05), patients[c].Std(eps: 0.05));
