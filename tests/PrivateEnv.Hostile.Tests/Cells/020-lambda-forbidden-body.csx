// Hostile cell 020: A forbidden call inside a lambda that is never invoked is still refused.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Environment
Func<string> later = () => System.Environment.GetEnvironmentVariable("HOME");
Print("defined");
