// Text values and joins on private keys: matches are private; only released counts show them.
var asText = patients["bmi"].AsType(ColumnKind.Text);
var probe = PublicTable.Empty.WithColumn("bmi", new[] { "60", "12", "33.3" }).WithColumn("hit", new[] { 1.0, 2.0, 3.0 });
var joined = patients.Assign("bmi", asText).Join(probe, "bmi");
Print(joined["hit"].ToString(), joined["hit"].Count(0.1), joined["hit"].Sum(0.1));
Print(asText.Eq("60").Mean(0.1), asText.IsIn("12", "60").Mean(0.1), asText.Ne("60").Count(0.1), asText.FillNa("none").Count(0.1));
var byNumber = PublicTable.Empty.WithColumn("age", new[] { 95.0, 18.0 }).WithColumn("edge", new[] { "max", "min" });
Print(patients.Join(byNumber, "age")["edge"].Histogram(0.1).ToCsv());
