// Hostile cell 087: A cell type overriding ToString: the gate renders its public members, never trusts ToString.
// Expected outcome: runtime-error (directives below: //@ …); and in every case no canary in any output.
//@ expect: runtime-error
//@ names: cannot leave the server
class Evil(object inner) { public object Inner = inner; public override string ToString() => "harmless"; }
Print(new Evil(canary));
