// Hostile cell 068: A cell type deriving from a library type (PrivacyEvent) to forge events.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: PrivacyEvent
record Forged() : PrivateEnv.Privacy.PrivacyEvent;
