// Hostile cell 075: Printing the frame itself.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
Print(canary);
