// Hostile cell 094: Interpolating a caught exception (ToString runs at run time) is refused at the catch.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: into a variable
try { canary["no_such"].Count(eps: 0.1); }
catch (ArgumentException e) { Print($"{e}"); }
