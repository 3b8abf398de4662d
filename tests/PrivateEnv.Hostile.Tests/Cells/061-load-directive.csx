// Hostile cell 061: #load would read files.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: #load
#load "/tmp/other.csx"
Print(1);
