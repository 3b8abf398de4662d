// Hostile cell 029: A user-defined conversion whose target type is forbidden.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Uri
class Box { public static implicit operator System.Uri(Box b) => null; }
System.Uri u = new Box();
