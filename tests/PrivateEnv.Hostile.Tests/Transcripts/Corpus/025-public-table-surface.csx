var t = patients["diagnosis"].Histogram(eps: 0.2);
Print(t.RowCount, string.Join(",", t.ColumnNames), t.Note, t.IsNumeric("count"), t.IsNumeric("diagnosis"));
Print(string.Join(",", t["count"]), t[0, "diagnosis"], string.Join(",", t.Numbers("count")), string.Join(",", t.Texts("diagnosis")), t.GetNumber(1, "count"), t.FindRow("diagnosis", "diabetes"));
Display(t);
Print(t.ToHtml(), t.ToSvg(), t.ToDisplayText(), t.ToCsv());
var annotated = t.WithNote("mine").WithColumn("extra", new double?[] { 1, null, 3, 4 }).WithBarChart("diagnosis", "extra");
Print(annotated, annotated.ToSvg().Length > 0);
Export(annotated, "annotated");
