// Hostile cell 031: Pointers read arbitrary memory.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: unsafe
unsafe { int x = 1; int* p = &x; Print(*p); }
