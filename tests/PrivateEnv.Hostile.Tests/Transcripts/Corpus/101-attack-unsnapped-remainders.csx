// Class 1: remainders of released values modulo a power of two carried the exact value (Mironov 2012).
var tiny = patients[patients["age"] > 94];
var c = tiny.Count(eps: 1.0 / (1 << 20));
var s = tiny["bmi"].Sum(eps: 1.0 / (1 << 20));
Print(c % (1 << 19), s % 512, s % 1, tiny["bmi"].Mean(2e-6) % 1, tiny["bmi"].Var(1e-5) % 1);
Print(patients["cholesterol"].Sum(1.0) % 1, patients["cholesterol"].Mean(1.0) % (1.0 / 1024));
