// Hostile cell 081: Displaying a private series.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
Display(canary["secret"]);
