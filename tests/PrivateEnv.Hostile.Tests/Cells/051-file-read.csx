// Hostile cell 051: Reading the dataset file straight from disk.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: System.IO.File
Print(System.IO.File.ReadAllText("/tmp/canary.csv"));
