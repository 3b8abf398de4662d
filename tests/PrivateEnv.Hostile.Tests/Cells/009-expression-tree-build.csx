// Hostile cell 009: Building an expression tree by hand (Expression.Call to any method).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Expression
var body = System.Linq.Expressions.Expression.Constant(1);
Print(body.ToString());
