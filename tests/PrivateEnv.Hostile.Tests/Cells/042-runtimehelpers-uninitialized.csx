// Hostile cell 042: RuntimeHelpers builds objects without constructors and reads hash codes.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: RuntimeHelpers
var h = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(canary);
Print(h);
