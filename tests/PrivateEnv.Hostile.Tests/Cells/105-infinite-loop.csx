// Hostile cell 105: An infinite loop: the cell timeout kills the worker; the next cell runs in a fresh one.
// Expected outcome: timeout (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: timeout
while (true) { }
//@ next-cell
//@ expect: ok
//@ stdout: alive
Print("alive");
