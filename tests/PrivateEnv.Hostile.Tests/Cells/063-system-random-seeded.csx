// Hostile cell 063: System.Random is refused: a seeded generator next to DP noise invites confusion, and cells need no randomness.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Random
var r = new Random(42);
Print(r.Next());
