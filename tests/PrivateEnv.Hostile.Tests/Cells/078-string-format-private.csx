// Hostile cell 078: string.Format / string.Concat of private objects.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ expect: no-leak
Print(string.Format("{0} {1}", canary, canary["secret"]));
Print(string.Concat(canary["note"], "!"));
