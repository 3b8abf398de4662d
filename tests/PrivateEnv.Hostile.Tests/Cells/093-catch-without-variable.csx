// Hostile cell 093: Catching without naming the exception is allowed: nothing of it can be read.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ stdout: recovered
try { canary["note"].Sum(eps: 0.5); }
catch (Exception) { Print("recovered"); }
