// Hostile cell 010: dynamic binds at run time, past the verifier.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: dynamic
dynamic d = canary;
Print(d.frame);
