// Hostile cell 041: GC exposes heap state (a side channel) and can stall the worker.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: System.GC
Print(System.GC.GetTotalMemory(false));
