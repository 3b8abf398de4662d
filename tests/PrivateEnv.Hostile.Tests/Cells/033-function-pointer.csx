// Hostile cell 033: Function pointers (calli) call any address.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: pointer
delegate*<int> f = null;
