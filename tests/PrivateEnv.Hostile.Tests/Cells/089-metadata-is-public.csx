// Hostile cell 089: Column names and declared metadata are public, the canary is not in them.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ stdout: note
Print(canary.Columns);
