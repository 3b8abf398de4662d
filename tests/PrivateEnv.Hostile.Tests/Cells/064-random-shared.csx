// Hostile cell 064: Random.Shared: process-wide generator state.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Random
Print(Random.Shared.NextDouble());
