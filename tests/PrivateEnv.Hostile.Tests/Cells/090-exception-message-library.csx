// Hostile cell 090: A library exception's message must not quote private values.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
canary["note"].Mean(eps: 1.0);
