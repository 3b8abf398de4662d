// Hostile cell 091: Catching a library exception into a variable to print its message: refused (messages from deep inside a library could quote values).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: into a variable
try { canary["note"].Sum(eps: 0.5); }
catch (Exception e) { Print(e.Message); Print(e.StackTrace ?? ""); Print(e.ToString()); }
