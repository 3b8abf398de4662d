// Hostile cell 043: A thread would outlive the cell and its timeout accounting.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Thread
new System.Threading.Thread(() => { }).Start();
