// Hostile cell 096: Averaging away the noise by asking the same mean again and again: the budget stops it.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: Budget
//@ budget-holds
var total = 0.0;
for (var i = 0; i < 1000; i++) total += canary["secret"].Mean(eps: 0.25);
Print(total / 1000);
