// Hostile cell 019: A method group to object.GetType.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: GetType
Func<Type> f = canary.GetType;
Print(f().Name);
