// Hostile cell 100: Splitting queries over many cells: the budget is per session, not per cell.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ budget-holds
canary["age"].Count(eps: 1.5);
//@ next-cell
//@ expect: ok
canary["age"].Count(eps: 1.5);
//@ next-cell
//@ expect: runtime-error
//@ names: Budget
canary["age"].Count(eps: 0.5);
