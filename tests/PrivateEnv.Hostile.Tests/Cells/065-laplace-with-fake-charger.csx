// Hostile cell 065: Calling a mechanism directly with a charger that charges nothing.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: LaplaceMechanism
class Free : PrivateEnv.Privacy.IPrivacyCharger { public void Charge(PrivateEnv.Privacy.PrivacyCharge c) { } }
Print(PrivateEnv.Privacy.Mechanisms.LaplaceMechanism.Release(new Free(), 1.0, 1.0, 100.0, "free"));
