// Hostile cell 046: Parallel.For uses the thread pool.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Parallel
System.Threading.Tasks.Parallel.For(0, 4, i => { });
