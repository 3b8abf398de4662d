// Hostile cell 005: Activator.CreateInstance<T> without typeof.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Activator
var o = System.Activator.CreateInstance<System.Text.StringBuilder>();
Print(o.Length);
