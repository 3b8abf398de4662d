// Hostile cell 062: Reading the noise generator (SecureRandom is not on the list).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: SecureRandom
Print(PrivateEnv.Privacy.SecureRandom.NextUInt64());
