// Hostile cell 053: Environment variables and the command line.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Environment
Print(System.Environment.CommandLine);
