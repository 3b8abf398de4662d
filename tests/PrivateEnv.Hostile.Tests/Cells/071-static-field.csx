// Hostile cell 071: A static field would carry data from one cell (or session) to the next.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: static field
class Stash { public static double Last; }
