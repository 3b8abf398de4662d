// Hostile cell 083: A tuple wrapping a private column.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
(1, canary["note"])
