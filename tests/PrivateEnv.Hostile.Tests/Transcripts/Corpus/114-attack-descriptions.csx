// Charge descriptions are built from code and metadata only, and bounded in length.
var renamed = patients["age"].Rename(new string('a', 128));
Print(renamed.Mean(0.1));
var chain = patients["bmi"];
for (var i = 0; i < 40; i++) chain = (chain + 1) - 1;
Print(chain.Label.Length, chain.Sum(0.1));
Print(patients[patients["age"] > 60].Name, patients[patients["age"] > 60]["bmi"].Label);
