// Hostile cell 027: A LINQ query whose source is a forbidden API.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Directory
var files = from f in System.IO.Directory.GetFiles("/") select f;
Print(files.Count());
