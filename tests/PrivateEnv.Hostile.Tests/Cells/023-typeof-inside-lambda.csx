// Hostile cell 023: typeof hidden in a lambda returning object.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: typeof
Func<object> f = () => typeof(PrivateEnv.DataFrame.PrivateSeries);
Print(f() is null);
