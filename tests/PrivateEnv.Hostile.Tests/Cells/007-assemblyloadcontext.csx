// Hostile cell 007: AssemblyLoadContext reaches every loaded assembly, the worker's included.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: AssemblyLoadContext
var n = System.Runtime.Loader.AssemblyLoadContext.All.Count();
Print(n);
