// Class 3: public metadata must be immutable: casts, records' with, crafted instances.
try { ((IList<ColumnMetadata>)patients.Metadata.Columns)[0] = new ColumnMetadata("age", ColumnKind.Numeric, 0, 1); Print("mutated!"); }
catch (NotSupportedException) { Print("columns are read-only"); }
try { ((IList<string>)patients["region"].Categories)[0] = "zzz"; Print("mutated!"); }
catch (NotSupportedException) { Print("categories are read-only"); }
try { var bad = new ColumnMetadata("age", ColumnKind.Numeric, double.NaN, 5); Print("made NaN bounds!"); }
catch (ArgumentException) { Print("NaN bounds refused"); }
try { var inverted = new ColumnMetadata("age", ColumnKind.Numeric, 90, 10); Print("made inverted bounds!"); }
catch (ArgumentException) { Print("inverted bounds refused"); }
var copy = patients.Metadata with { };
Print(copy == patients.Metadata, patients["age"].Mean(0.1), patients["region"].Histogram(0.1).ToCsv());
var joined = patients.Join(PublicTable.Empty.WithColumn("region", new[] { "west" }).WithColumn("tag", new[] { "w" }), "region");
try { ((IList<string>)joined["tag"].Categories)[0] = "v"; } catch (NotSupportedException) { Print("joined categories are read-only"); }
try { joined["tag"].AsType(ColumnKind.Numeric); } catch (InvalidOperationException) { Print("categories are not numbers (public)"); }
