// Hostile cell 114: a Map function that converts each private value through the cell's own implicit operator,
// whose body (ordinary cell code) charges a release named after the value: red-team finding, exact exfiltration.
// Expected outcome: refused (no user-defined operator or conversion runs on private values).
//@ expect: refused
//@ names: user-defined conversion
public struct Leak
{
    public double V;
    public static implicit operator Leak(double x)
    {
        if (x > 10000) PublicTable.ParseCsv("a\n1").ToPrivate("{\"columns\":{\"a\":{\"type\":\"numeric\",\"lower\":0,\"upper\":1}}}", "v=" + x.ToString("R")).Count(x / 100000.0);
        return new Leak();
    }
    public static implicit operator double(Leak l) => l.V;
}
var s = canary["secret"].Map(x => (double)(Leak)x, 0, 1);
//@ next-cell
//@ expect: refused
//@ names: user-defined operator
public struct Op { public static double operator +(Op a, double b) => b; }
var t = canary["secret"].Map(x => default(Op) + x, 0, 1);
