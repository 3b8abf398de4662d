// Hostile cell 040: P/Invoke into libc.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: extern
class Native
{
    [System.Runtime.InteropServices.DllImport("libc")]
    public static extern int getpid();
}
