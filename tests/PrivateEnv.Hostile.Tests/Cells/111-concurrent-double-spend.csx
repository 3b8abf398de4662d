// Hostile cell 111: Eight concurrent requests each asking for ε = 1 of a budget of 3: at most three are granted.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ concurrent: 8
//@ budget-holds
//@ expect: no-leak
Print(canary["secret"].Mean(eps: 1.0));
