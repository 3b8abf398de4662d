// Hostile cell 002: typeof of a library type to reach its private members.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: typeof
var t = typeof(PrivateEnv.DataFrame.PrivateDataFrame);
Print(t.FullName);
