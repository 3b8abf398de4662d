Print(patients.ToString(), patients.Name, string.Join(",", patients.Columns), patients.MaxRowsPerIndividual, patients.Metadata.Description, patients.Metadata.Rows);
foreach (var c in patients.Metadata.Columns) Print(c.Name, c.Kind, c.Lower, c.Upper, string.Join("|", c.Categories), string.Join("|", c.CategoryList), c.ToString());
var s = patients["sex"];
Print(s.ToString(), s.Name, s.Kind, s.Lower, s.Upper, string.Join(",", s.Categories), s.Label, s.Metadata.ToString());
Print(patients.Metadata.Find("age")!.ToString(), patients.Metadata.Find("nope") is null, patients.Metadata.ToString());
Print(patients.Equals(patients), patients["age"].Equals(patients["age"]), patients.GetHashCode() == patients.GetHashCode());
