// Hostile cell 112: Catching OutOfMemoryException to keep going is refused (the type is not on the list).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: refused
//@ names: OutOfMemoryException
try { var a = new long[1L << 40]; } catch (OutOfMemoryException) { Print("caught"); }
