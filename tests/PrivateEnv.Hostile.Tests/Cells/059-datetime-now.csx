// Hostile cell 059: The wall clock is a timing side channel.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: DateTime.Now
Print(DateTime.Now.Ticks);
