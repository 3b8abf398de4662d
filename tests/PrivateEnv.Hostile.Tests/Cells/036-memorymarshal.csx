// Hostile cell 036: MemoryMarshal reinterprets memory.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: MemoryMarshal
int Width() => System.Runtime.InteropServices.MemoryMarshal.AsBytes(new int[] { 1 }.AsSpan()).Length;
Print(Width());
