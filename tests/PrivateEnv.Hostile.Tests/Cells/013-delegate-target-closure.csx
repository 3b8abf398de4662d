// Hostile cell 013: Delegate.Target exposes a closure object (and whatever it captured).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Target
var frame = canary;
Func<object> f = () => frame;
Print(f.Target is null);
