// Hostile cell 098: A negative ε would refund budget.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ budget-holds
canary["age"].Count(eps: -5.0);
