// Hostile cell 077: String interpolation calls ToString, which shows metadata only.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ expect: no-leak
Print($"{canary["note"]} and {canary["secret"]}");
