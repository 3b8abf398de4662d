// Hostile cell 109: State built by a cell that times out is gone with its worker.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: ok
var kept = 7;
//@ next-cell
//@ expect: timeout
var total = 0L;
for (long i = 0; ; i++) total += i;
//@ next-cell
//@ expect: compile-error
Print(kept);
