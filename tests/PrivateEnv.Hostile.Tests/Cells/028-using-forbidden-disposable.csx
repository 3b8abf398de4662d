// Hostile cell 028: using over a forbidden disposable (implicit Dispose).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: MemoryStream
{
    using var s = new System.IO.MemoryStream();
    Print(s.Length);
}
