// Hostile cell 110: A second session never sees the first one's cells (separate workers, no statics).
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: ok
class Carrier { public double Value = 42; }
var carried = new Carrier();
//@ next-session
//@ expect: compile-error
Print(carried.Value);
