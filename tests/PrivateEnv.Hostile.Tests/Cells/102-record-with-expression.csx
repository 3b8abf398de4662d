// Hostile cell 102: Records: compiler-generated equality, EqualityContract and with-expressions.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ stdout: Point { X = 1, Y = 5 }
record Point(int X, int Y);
var p = new Point(1, 2) with { Y = 5 };
Print(p);
Print(p == new Point(1, 5));
