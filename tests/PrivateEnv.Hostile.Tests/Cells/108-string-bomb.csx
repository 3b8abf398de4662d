// Hostile cell 108: Doubling a string until memory runs out.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: no-leak
var s = "x";
while (true) s = s + s;
//@ next-cell
//@ expect: ok
Print("ok");
