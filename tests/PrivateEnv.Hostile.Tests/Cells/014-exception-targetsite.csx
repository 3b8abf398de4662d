// Hostile cell 014: Exception.TargetSite is a MethodBase: reflection by the back door.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: TargetSite
try { canary["no_such_column"].Count(eps: 0.1); }
catch (Exception e) { Print(e.TargetSite?.Name); }
