// Hostile cell 011: MethodInfo.Invoke via a delegate's Method property.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Method
Func<int> f = () => 1;
var m = f.Method;
Print(m.Name);
