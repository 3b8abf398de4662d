// Hostile cell 049: A finalizer runs on the finalizer thread, after the cell.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: finalizer
class Ghost { ~Ghost() { } }
