// Hostile cell 097: Catching BudgetExceededException and continuing does not buy more answers.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ budget-holds
//@ stdout: answers: 12
var answers = 0;
for (var i = 0; i < 100; i++)
{
    try { canary["age"].Count(eps: 0.25); answers++; }
    catch (PrivateEnv.Privacy.BudgetExceededException) { }
}
Print($"answers: {answers}");
