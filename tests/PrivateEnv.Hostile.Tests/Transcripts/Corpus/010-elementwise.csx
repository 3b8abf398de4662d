var s = patients["systolic_bp"] - 150;
Print(s.Abs().ToString(), s.Abs().Mean(0.05), s.Clip(-20, 20).Mean(0.05), patients["bmi"].Round(0).Mean(0.05), patients["bmi"].Round(1).Sum(0.05));
var logc = patients["cholesterol"].Map(x => Math.Log(x), 4.6, 6.0);
var applied = patients["age"].Apply(x => Math.Sqrt(x) / 10 + Math.Max(x - 60, 0) / 100, 0, 10);
Print(logc.ToString(), logc.Mean(0.05), applied.Mean(0.05), applied.Label);
