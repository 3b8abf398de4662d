// Class 6: far outcomes of the selection mechanisms must keep a positive probability; sums must respect Δ in floating point.
var wide = patients["cholesterol"] * 1e12;
Print(wide.Sum(0.1), wide.Mean(0.1), wide.Median(0.1), wide.Max(0.1), wide.Min(0.1));
var mixed = patients["bmi"] * 1e15 - patients["bmi"] * 1e15 + patients["bmi"] * 1e-15;
Print(mixed.Sum(0.1), mixed.Lower, mixed.Upper);
Print(patients["age"].Quantile(0.5, eps: 40), patients["age"].Quantile(0.5, 1.0 / (1 << 20)));
