// Hostile cell 047: ThreadPool.QueueUserWorkItem.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: ThreadPool
System.Threading.ThreadPool.QueueUserWorkItem(_ => { });
