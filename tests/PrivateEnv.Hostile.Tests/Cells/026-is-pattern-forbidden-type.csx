// Hostile cell 026: A type pattern naming a forbidden type.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: MemberInfo
object o = canary;
Print(o is System.Reflection.MemberInfo);
