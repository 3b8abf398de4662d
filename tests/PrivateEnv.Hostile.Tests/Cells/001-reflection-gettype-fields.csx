// Hostile cell 001: Reflection through object.GetType() to read the frame's private fields.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: GetType
var fields = canary.GetType().GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
Print(fields.Length);
