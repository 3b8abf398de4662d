// Hostile cell 055: Networking out of the sandbox.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: System.Net
var client = new System.Net.Http.HttpClient();
