// Hostile cell 017: A reflection type as a generic method argument.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: FieldInfo
var none = Enumerable.Empty<System.Reflection.FieldInfo>();
Print(none.Count());
