// Hostile cell 067: A cell type claiming to be releasable to smuggle a frame past the gate.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: IReleasable
class Smuggle : PrivateEnv.Privacy.IReleasable
{
    public object Frame;
    public string ToDisplayText() => "x";
}
