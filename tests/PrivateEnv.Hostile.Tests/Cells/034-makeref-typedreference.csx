// Hostile cell 034: __makeref / TypedReference.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: __makeref
var frame = canary;
var r = __makeref(frame);
