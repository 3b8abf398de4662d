// Hostile cell 088: Equals/GetHashCode of private objects reveal nothing about values.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ expect: no-leak
var a = canary["secret"];
var b = canary["secret"];
Print(a.Equals(b), a.GetHashCode() == b.GetHashCode(), canary.Equals(canary));
