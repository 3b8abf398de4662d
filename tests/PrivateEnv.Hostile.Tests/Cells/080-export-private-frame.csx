// Hostile cell 080: Exporting the frame.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
Export(canary, "stolen");
