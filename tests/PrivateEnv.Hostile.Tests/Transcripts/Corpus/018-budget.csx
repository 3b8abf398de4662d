try { patients.Count(eps: 1000); } catch (PrivateEnv.Privacy.BudgetExceededException e) { Print(e.Message, e.NeededEpsilon, e.RemainingEpsilon, e.TotalEpsilon, e.NeededDelta, e.RemainingDelta); }
Print(patients.Count(eps: 10));
try { patients["age"].Mean(eps: 45); } catch (PrivateEnv.Privacy.BudgetExceededException e) { Print(e.Message); }
//@ next-cell
// expect-error
patients.Describe(eps: 1000);
