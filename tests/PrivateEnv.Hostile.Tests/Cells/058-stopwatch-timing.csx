// Hostile cell 058: High-resolution clocks are a timing side channel.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Stopwatch
var t = System.Diagnostics.Stopwatch.GetTimestamp();
