var lookup = PublicTable.Empty.WithColumn("region", new[] { "north", "south", "east" }).WithColumn("income", new[] { 30.0, 40, 50 }).WithColumn("climate", new[] { "cold", "warm", "mild" });
var joined = patients.Join(lookup, "region");
Print(joined["income"].ToString(), joined["climate"].ToString(), joined["income"].Mean(0.05), joined["climate"].Histogram(0.05).ToCsv());
var byAge = PublicTable.ParseCsv("age,band\n18,young\n95,old\n");
var j2 = patients.Join(byAge, "age");
Print(j2["band"].Histogram(0.05).ToCsv());
//@ next-cell
var table = PublicTable.ParseCsv("x,g\n1,a\n2,b\n3,a\n4,b\n");
var mine = table.ToPrivate("""{"columns": {"x": {"type": "numeric", "lower": 0, "upper": 10}, "g": {"type": "categorical", "categories": ["a", "b"]}}}""", "mine");
Print(mine.ToString(), mine.Metadata.Rows, mine["x"].Sum(0.1), mine.GroupBy("g").Mean("x", 0.1).ToCsv());
var other = PrivateDataFrame.FromPublic(table, """{"columns": {"x": {"type": "numeric", "lower": 0, "upper": 2}}}""");
Print(other["x"].Mean(0.1));
