// Today's cell-facing changes at their edges, on a filter holding one row or none (the extreme neighbour adds it):
// the typed refusal a cell can catch and read, the ε floor, and the per-cell output allowance (10,000 outputs,
// 32 MiB) tripping after released values. Everything printed must be the same on every neighbour.
var edge = patients[patients["age"].Ge(95) & patients["bmi"].Ge(59.5)];
try { edge["age"].Mean(eps: 1000); }
catch (PrivateEnv.Privacy.BudgetExceededException refused)
{
    Print(refused.Message);
    Print(refused.NeededEpsilon, refused.RemainingEpsilon, refused.TotalEpsilon, refused.NeededDelta, refused.RemainingDelta);
}
try { edge.Count(eps: 1e-7); } catch (ArgumentException) { Print("below the ε floor"); }
Print(edge.Count(eps: 0.01), edge["age"].Mean(eps: 0.01));
//@ next-cell
// expect-error
// The refusal's record type is not on the allow-list: its figures are read through the exception's own members.
try { edge.Count(eps: 1000); } catch (PrivateEnv.Privacy.BudgetExceededException refused) { Print(refused.Refusal!.Scope); }
//@ next-cell
// 9,990 outputs, then released values of the filter, then more: the allowance trips at 10,000 whatever the filter holds.
for (var i = 0; i < 9_990; i++) Print(i);
Print(edge.Count(eps: 0.01), edge["bmi"].Mean(eps: 0.01));
var sent = 9_991;
try { for (var i = 0; i < 20; i++) { Print(edge.Count(eps: 0.001)); sent++; } } catch (Exception) { }
//@ next-cell
// How many outputs the last cell sent before its allowance ran out (a new cell, a new allowance).
Print(sent);
//@ next-cell
// expect-error
// A single output over 32 MiB is refused before it is sent.
Print(new string('x', 34_000_000));
//@ next-cell
// A new cell has its whole allowance again.
Print(edge["age"].Median(eps: 0.01));
