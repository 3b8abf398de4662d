// Hostile cell 030: A Deconstruct method yielding a forbidden type.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Stream
class Pair { public void Deconstruct(out int a, out System.IO.Stream b) { a = 1; b = null; } }
var (x, y) = new Pair();
