// Hostile cell 115: a Map function whose running time jumps for one private value (an expensive branch taken only for
// it), amplified by repetition: red-team finding, 26 ms vs 6 ms over 2000 Maps. Branches are refused, and so are
// trigonometric functions (slow argument reduction for huge arguments) and integer types beyond long.
//@ expect: refused
//@ names: branches
for (var i = 0; i < 2000; i++) canary["secret"].Map(x => x > 48000 && x < 48300 ? Math.Exp(x) + Math.Log(x) + Math.Sqrt(x) : 0, 0, 1);
//@ next-cell
//@ expect: refused
//@ names: Math.Sin
var slow = canary["secret"].Map(x => Math.Sin(x * 1e290), -1, 1);
//@ next-cell
//@ expect: refused
//@ names: user-defined conversion
var throwsOnce = canary["secret"].Map(x => (double)((Int128)1 / (Int128)((x - 48000) / 1000)), 0, 1);
//@ next-cell
//@ expect: ok
var fine = canary["secret"].Map(x => Math.Log(x + 1) * 2 - Math.Sqrt(x), -1000, 100);
Print(fine.Count(eps: 0.5) > -1e9);
