// Hostile cell 079: StringBuilder.Append(object) of a private column.
// Expected outcome: no-leak (directives below: //@ …); and in every case no canary in any output.
//@ expect: no-leak
var sb = new System.Text.StringBuilder();
sb.Append(canary["note"]).Append(canary);
Print(sb.ToString());
