// Hostile cell 074: A static local function is fine, static storage is not: const is the only static data.
// Expected outcome: ok (directives below: //@ …); and in every case no canary in any output.
//@ expect: ok
//@ stdout: 42
const int Answer = 42;
static int Twice(int x) => 2 * x;
Print(Twice(Answer / 2));
