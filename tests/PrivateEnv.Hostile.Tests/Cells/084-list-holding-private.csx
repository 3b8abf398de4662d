// Hostile cell 084: A list of objects hiding the frame.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
Print(new List<object> { 1, "two", canary });
