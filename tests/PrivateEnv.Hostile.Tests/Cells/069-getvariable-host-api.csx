// Hostile cell 069: The host's GetVariable is not for cells.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: GetVariable
var raw = GetVariable("canary");
