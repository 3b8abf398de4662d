// Text values and joins on private keys: matches are private; only released counts show them. Text columns hold
// codes into a vocabulary of hashed strings, so a match takes the same work whether the string is present or not.
var asText = patients["region"].AsType(ColumnKind.Text).Where(patients["age"] > 60, "senior");
var probe = PublicTable.Empty.WithColumn("region", new[] { "west", "nowhere", "senior", "" }).WithColumn("hit", new[] { 1.0, 2.0, 3.0, 4.0 });
var joined = patients.Assign("region", asText).Join(probe, "region");
Print(joined["hit"].ToString(), joined["hit"].Count(0.1), joined["hit"].Sum(0.1));
Print(asText.Eq("west").Mean(0.1), asText.IsIn("nowhere", "senior").Mean(0.1), asText.Ne("west").Count(0.1), asText.FillNa("none").Eq("none").Count(0.1));
var stacked = PrivateDataFrame.Concat(patients.Assign("region", asText), patients.Assign("region", patients["region"].AsType(ColumnKind.Text).FillNa("west")));
Print(stacked["region"].Eq("west").Count(0.1), stacked["region"].IsIn("senior", "none").Count(0.1));
var byNumber = PublicTable.Empty.WithColumn("age", new[] { 95.0, 18.0 }).WithColumn("edge", new[] { "max", "min" });
Print(patients.Join(byNumber, "age")["edge"].Histogram(0.1).ToCsv());
//@ next-cell
// expect-error
patients["bmi"].AsType(ColumnKind.Text);
