// Hostile cell 038: Marshal reads native memory.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Marshal
var b = System.Runtime.InteropServices.Marshal.ReadByte(System.IntPtr.Zero);
