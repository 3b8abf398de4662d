// Hostile cell 086: A dictionary whose value is private.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
var d = new Dictionary<string, object> { ["x"] = canary["note"] };
Print(d);
