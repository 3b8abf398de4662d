// Hostile cell 073: A static readonly collection is still mutable state.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: static field
class Stash { public static readonly List<double> Seen = new(); }
