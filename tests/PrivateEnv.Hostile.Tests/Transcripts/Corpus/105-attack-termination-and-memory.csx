// Class 5: work, memory and termination that followed how many rows a filter kept.
var one = patients[patients["age"].Eq(95) & patients["bmi"].Ge(59)];
var wide = one.Assign("a2", one["age"] * 2).Assign("a3", one["age"] * 3).Assign("a4", one["age"] * 4);
var big = wide;
for (var i = 0; i < 4; i++) big = PrivateDataFrame.Concat(big, big);
Print(big.MaxRowsPerIndividual, string.Join(",", big.Columns), big.Count(0.5));
var mapped = one["bmi"].Map(x => Math.Exp(x), 0, 1e30).Map(x => Math.Log(x + 1e-300), -700, 700);
Print(mapped.Mean(0.1));
for (var i = 0; i < 50; i++) one = one[one["age"] > 18];
Print(one.Count(0.1));
