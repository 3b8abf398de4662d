// Hostile cell 104: A record declared on the cell's first line, used in the same cell (once crashed the verifier, which failed closed).
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ stdout: 3
record Q(int A); Print(new Q(3).A);
