// Hostile cell 032: stackalloc (and Span over native memory).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: stackalloc
int Size() { Span<byte> buffer = stackalloc byte[16]; return buffer.Length; }
Print(Size());
