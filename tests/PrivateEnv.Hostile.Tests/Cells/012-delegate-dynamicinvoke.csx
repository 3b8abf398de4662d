// Hostile cell 012: Delegate.DynamicInvoke is late-bound invocation.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: DynamicInvoke
Func<int> f = () => 1;
Print(f.DynamicInvoke());
