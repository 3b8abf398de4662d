// Hostile cell 113: The release gate on the real server: printing, exporting and returning the frame.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: runtime-error
//@ names: cannot leave the server
Print(canary["note"]);
//@ next-cell
//@ expect: runtime-error
Export(canary, "frame");
//@ next-cell
//@ expect: runtime-error
canary
