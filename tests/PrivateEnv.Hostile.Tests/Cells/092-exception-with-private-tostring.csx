// Hostile cell 092: Throwing with a private object's ToString as the message.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
throw new InvalidOperationException(canary["note"].ToString() + canary.ToString());
