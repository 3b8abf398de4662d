// Hostile cell 054: Console bypasses the release gate.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Console
System.Console.WriteLine(canary);
