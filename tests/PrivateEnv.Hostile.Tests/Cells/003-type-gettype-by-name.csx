// Hostile cell 003: Type.GetType with a string: reflection without typeof.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: System.Type
var t = System.Type.GetType("PrivateEnv.DataFrame.PrivateDataFrame, PrivateEnv.DataFrame");
Print(t is null);
