// Hostile cell 050: lock implies threads (Monitor).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: lock
var o = new object();
lock (o) { Print(1); }
