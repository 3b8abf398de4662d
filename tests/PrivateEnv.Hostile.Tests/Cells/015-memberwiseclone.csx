// Hostile cell 015: MemberwiseClone copies a library object's private state.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: MemberwiseClone
class Cloner { public object CloneOf() => MemberwiseClone(); }
Print(new Cloner().CloneOf() is null);
