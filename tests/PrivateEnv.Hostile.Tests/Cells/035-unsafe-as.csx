// Hostile cell 035: Unsafe.As reinterprets a private frame as a type the cell can read.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Unsafe
class Peek { public object Frame; }
object o = canary;
var p = System.Runtime.CompilerServices.Unsafe.As<Peek>(o);
Print(p.Frame is null);
