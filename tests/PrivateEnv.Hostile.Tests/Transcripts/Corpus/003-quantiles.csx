var s = patients["systolic_bp"];
Print(s.Quantile(0.3, eps: 0.1), s.Median(eps: 0.1), s.Percentile(90, eps: 0.1), s.Min(eps: 0.1), s.Max(eps: 0.1));
Print(patients["age"].Quantile(0, 0.1), patients["age"].Quantile(1, 0.1), patients["smoker"].Median(0.1));
