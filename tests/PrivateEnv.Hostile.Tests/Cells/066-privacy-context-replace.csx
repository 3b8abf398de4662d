// Hostile cell 066: Replacing the ambient charger.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: PrivacyContext
Print(PrivateEnv.Privacy.PrivacyContext.Charger is null);
