// Hostile cell 101: An iterator: its compiler-generated state machine uses infrastructure the cell may not name.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ stdout: 6
IEnumerable<int> Upto(int n) { for (var i = 1; i <= n; i++) yield return i; }
Print(Upto(3).Sum());
