// A private frame made from a public table is a dataset of its own: its size is public, it pairs with nothing else.
var table = PublicTable.ParseCsv("age,score\n20,1\n30,2\n40,3\n");
var mine = table.ToPrivate("""{"columns": {"age": {"type": "numeric", "lower": 0, "upper": 100}, "score": {"type": "numeric", "lower": 0, "upper": 5}}}""");
try { Print((mine["age"] + patients["age"]).Mean(0.1)); } catch (InvalidOperationException) { Print("different datasets"); }
try { PrivateDataFrame.Concat(mine.Select("age"), patients.Select("age")).Count(0.1); } catch (Exception) { Print("no concat across datasets"); }
var x = FrameTensors.Features(mine, "age");
var y = FrameTensors.Targets(mine, "score");
var loader = new PrivateDataLoader(x, y, 1);
Print(loader.ToString(), x.Shape[0]);
