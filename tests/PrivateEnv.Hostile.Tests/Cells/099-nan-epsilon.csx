// Hostile cell 099: ε = NaN or ∞ must be refused, not charged as nothing.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ budget-holds
canary["age"].Count(eps: double.NaN);
//@ next-cell
//@ expect: runtime-error
canary["age"].Count(eps: double.PositiveInfinity);
