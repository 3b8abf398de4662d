// Hostile cell 008: System.Linq.Expressions compiles code the verifier never saw.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Expression
System.Linq.Expressions.Expression<Func<int>> e = () => 41 + 1;
Print(e.Compile()());
