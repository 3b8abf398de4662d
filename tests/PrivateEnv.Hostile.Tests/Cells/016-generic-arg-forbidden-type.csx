// Hostile cell 016: A forbidden type hidden in a generic argument.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: FileInfo
var list = new List<System.IO.FileInfo>();
Print(list.Count);
