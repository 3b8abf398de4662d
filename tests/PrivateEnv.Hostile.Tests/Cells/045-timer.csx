// Hostile cell 045: A timer fires after the cell ends.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Timer
var t = new System.Threading.Timer(_ => Print("tick"), null, 0, 10);
