// Hostile cell 052: Starting a shell.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Process
System.Diagnostics.Process.Start("/bin/sh", "-c 'cat /etc/passwd'");
