// Hostile cell 072: A static auto-property is a static field in disguise.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: static auto-propert
class Stash { public static double Last { get; set; } }
