// Hostile cell 106: Unbounded recursion: a stack overflow kills only this worker.
// Expected outcome: worker-lost (directives below: //@ …); and in every case no canary in any output.
//@ runner: server
//@ expect: worker-lost
int Down(int n) => Down(n + 1) + 1;
Down(0);
//@ next-cell
//@ expect: ok
//@ stdout: 3
Print(1 + 2);
