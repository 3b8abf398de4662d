// Hostile cell 057: AppDomain lists assemblies and hooks events.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: AppDomain
Print(System.AppDomain.CurrentDomain.GetAssemblies().Length);
