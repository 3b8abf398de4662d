// Hostile cell 004: Activator builds an object of a type named at run time.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Activator
var o = System.Activator.CreateInstance(typeof(object));
