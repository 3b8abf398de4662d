// Hostile cell 116: Map taken as a method group into a delegate, then called with a function the verifier never
// saw at a Map call site (red team round 2, F1): the function branches on each private value and throws for one.
// Expected outcome: refused (a PrivateEnv method that takes a delegate is called directly or not at all).
//@ expect: refused
//@ names: called directly
Func<Func<double, double>, double, double, PrivateSeries> map = canary["secret"].Map;
var leaked = map(x => x > 10000 ? throw new InvalidOperationException("v=" + x) : 0, 0, 1);
//@ next-cell
//@ expect: refused
//@ names: called directly
var apply = (Func<Func<double, double>, double, double, PrivateSeries>)canary["secret"].Apply;
