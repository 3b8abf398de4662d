// Hostile cell 048: async lambdas and await need tasks.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: await
async System.Threading.Tasks.Task<int> Later() { await System.Threading.Tasks.Task.Yield(); return 1; }
