// Hostile cell 018: A method group converted to a delegate: no call expression at all.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: System.IO.File
Func<string, string> read = System.IO.File.ReadAllText;
Print(read("/etc/hostname"));
