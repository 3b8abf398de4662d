// Hostile cell 025: An array whose element type is forbidden.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: System.Reflection
System.Reflection.MethodInfo[] methods = new System.Reflection.MethodInfo[0];
Print(methods.Length);
