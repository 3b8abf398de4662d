// Hostile cell 060: #r would load any assembly.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: #r
#r "System.Net.Http"
Print(1);
