// Hostile cell 022: nameof of forbidden things yields only their (public) names, runs nothing.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ expect: no-leak
Print(nameof(canary));
