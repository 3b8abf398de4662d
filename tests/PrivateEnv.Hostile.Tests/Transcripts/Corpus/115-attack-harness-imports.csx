// Imported public values are public: the same on every dataset.
Print(string.Join(",", ageBands), ageBands.Length, pretrained.ArchitectureJson.Length);
var banded = patients["age"].Map(x => Math.Floor(x / 40), 0, 2);
Print(banded.Histogram(3, 0.1).ToCsv());
