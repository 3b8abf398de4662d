// Hostile cell 070: The loader (Hosting namespace) builds frames without the server's charger.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: PrivateDataFrameLoader
var f = PrivateEnv.DataFrame.Hosting.PrivateDataFrameLoader.Load("x", new System.IO.StringReader("a\n1\n"), canary.Metadata, null);
