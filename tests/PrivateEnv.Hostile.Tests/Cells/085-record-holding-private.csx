// Hostile cell 085: A cell record wrapping the frame.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
record Box(object Inside);
Export(new Box(canary["secret"]), "box");
