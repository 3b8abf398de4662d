var table = patients.Describe(eps: 1.0);
Display(table);
Print(table.ToCsv(), table.Note, table.RowCount, string.Join(",", table.ColumnNames));
//@ next-cell
Display(patients[patients["sex"].Eq("F")].Describe(eps: 0.5));
Display(patients.Select("age", "smoker").Describe(eps: 0.5));
