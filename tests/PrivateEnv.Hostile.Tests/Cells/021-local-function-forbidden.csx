// Hostile cell 021: A forbidden call inside a local function.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Process
void Spawn() => System.Diagnostics.Process.Start("/bin/sh");
Print("defined");
