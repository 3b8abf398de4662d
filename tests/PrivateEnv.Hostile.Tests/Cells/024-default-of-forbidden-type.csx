// Hostile cell 024: default(T) of a forbidden type names it.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: FileStream
var s = default(System.IO.FileStream);
Print(s is null);
