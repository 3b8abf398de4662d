// Hostile cell 103: Collection expressions and array initialisers (InitializeArray, spans).
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ stdout: 21
int[] a = [1, 2, 3, 4, 5, 6];
List<int> b = [.. a];
Print(b.Sum());
