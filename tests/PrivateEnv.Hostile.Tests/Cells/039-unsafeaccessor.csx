// Hostile cell 039: UnsafeAccessor reads private fields without reflection (an attribute).
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: attributes
class Spy
{
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "frame")]
    public static extern ref object Frame(PrivateEnv.DataFrame.PrivateDataFrame f);
}
