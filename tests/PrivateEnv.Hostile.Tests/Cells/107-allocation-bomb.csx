// Hostile cell 107: Allocating without bound: the heap limit stops it (an OutOfMemoryException or a dead worker), nothing leaks.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: no-leak
var hoard = new List<long[]>();
while (true) hoard.Add(new long[1 << 20]);
//@ next-cell
//@ expect: ok
//@ stdout: fine
Print("fine");
