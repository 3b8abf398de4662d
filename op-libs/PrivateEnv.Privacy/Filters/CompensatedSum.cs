namespace PrivateEnv.Privacy.Filters;

/// <summary>
/// A Neumaier-compensated running sum, so ten additions of 0.1 make 1 and long sessions do not drift. Immutable, so a
/// stored sum resumes exactly where it stopped: adding one term at a time gives the same bits as summing the list.
/// </summary>
public readonly record struct CompensatedSum(double Sum, double Compensation)
{
    public double Value => Sum + Compensation;

    public CompensatedSum Add(double x)
    {
        var t = Sum + x;
        var compensation = Compensation + (Math.Abs(Sum) >= Math.Abs(x) ? (Sum - t) + x : (x - t) + Sum);
        return new CompensatedSum(t, compensation);
    }
}
