var total = 0.0;
for (var i = 0; i < 25; i++) total += patients[patients["age"] > 18 + 3 * i].Count(eps: 0.04);
Print(total);
foreach (var region in patients["region"].Categories) Print(region, patients[patients["region"].Eq(region)]["bmi"].Mean(0.05));
