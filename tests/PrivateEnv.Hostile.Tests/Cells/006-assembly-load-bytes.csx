// Hostile cell 006: Loading an assembly from bytes would run arbitrary unverified code.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Assembly
var a = System.Reflection.Assembly.Load(new byte[] { 0x4D, 0x5A });
Print(a.FullName);
