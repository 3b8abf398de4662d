// Hostile cell 095: An unknown column: the error names the columns (public), not values.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: column
canary["CANARY"].Count(eps: 0.1);
