// Hostile cell 037: CollectionsMarshal is compiler infrastructure: allowed in emitted IL, never in a cell's source.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: CollectionsMarshal
var list = new List<int> { 1, 2 };
int Length() => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list).Length;
Print(Length());
