using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Mechanisms;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame;

/// <summary>A private column. Only DP statistics leave it.</summary>
public sealed class PrivateSeries
{
    private readonly Mda.DataFrameColumn column;
    private readonly IPrivacyCharger charger;

    internal PrivateSeries(Mda.DataFrameColumn column, ColumnMetadata metadata, IPrivacyCharger charger, string label)
    {
        this.column = column;
        Metadata = metadata;
        this.charger = charger;
        Label = label;
    }

    /// <summary>Public metadata: kind, declared bounds or categories.</summary>
    public ColumnMetadata Metadata { get; }

    /// <summary>Where this series came from, for messages and the odometer.</summary>
    public string Label { get; }

    /// <summary>DP count of non-missing values: ε-DP Laplace, sensitivity 1.</summary>
    public double Count(double eps) =>
        LaplaceMechanism.Release(charger, NonMissing().Count(), 1.0, eps, $"{Label}.Count(eps: {eps:G4})");

    /// <summary>
    /// DP sum of values clamped to the declared bounds [lo, hi]: ε-DP Laplace with
    /// sensitivity max(|lo|, |hi|) (one row added or removed changes the sum by at most that).
    /// </summary>
    public double Sum(double eps)
    {
        var (lo, hi) = NumericBounds("Sum");
        var sensitivity = Math.Max(Math.Abs(lo), Math.Abs(hi));
        var sum = NonMissing().Sum(v => Math.Clamp(v, lo, hi));
        return LaplaceMechanism.Release(charger, sum, sensitivity, eps, $"{Label}.Sum(eps: {eps:G4})");
    }

    /// <summary>
    /// DP mean: ε/2 on a Laplace sum of (x − m), m the bounds' midpoint (sensitivity (hi−lo)/2),
    /// ε/2 on a Laplace count (sensitivity 1); mean = m + sum/count, clamped to [lo, hi].
    /// ε-DP by sequential composition; the ratio is post-processing.
    /// </summary>
    public double Mean(double eps)
    {
        var (lo, hi) = NumericBounds("Mean");
        LaplaceMechanism.Validate(1, eps);
        var mid = (lo + hi) / 2;
        double centredSum = 0;
        long count = 0;
        foreach (var v in NonMissing())
        {
            centredSum += Math.Clamp(v, lo, hi) - mid;
            count++;
        }
        var noisySum = LaplaceMechanism.Release(charger, centredSum, (hi - lo) / 2, eps / 2, $"{Label}.Mean(eps: {eps:G4}) sum part");
        var noisyCount = LaplaceMechanism.Release(charger, count, 1, eps / 2, $"{Label}.Mean(eps: {eps:G4}) count part");
        return Math.Clamp(mid + noisySum / Math.Max(1, noisyCount), lo, hi);
    }

    private (double Lo, double Hi) NumericBounds(string operation)
    {
        if (Metadata.Kind is not (ColumnKind.Numeric or ColumnKind.Boolean) || Metadata.Lower is null || Metadata.Upper is null)
            throw new InvalidOperationException($"{operation} needs a numeric column with declared bounds; '{Metadata.Name}' is {Metadata.Kind.ToString().ToLowerInvariant()}.");
        return (Metadata.Lower.Value, Metadata.Upper.Value);
    }

    private IEnumerable<double> NonMissing()
    {
        for (long i = 0; i < column.Length; i++)
        {
            var value = column[i];
            if (value is null) continue;
            yield return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    internal static string Describe(ColumnMetadata c) => c.Kind switch
    {
        ColumnKind.Numeric => $"{c.Name}: numeric in [{c.Lower:G6}, {c.Upper:G6}]",
        ColumnKind.Categorical => $"{c.Name}: categorical {{{string.Join(", ", c.CategoryList)}}}",
        _ => $"{c.Name}: {c.Kind.ToString().ToLowerInvariant()}",
    };

    public override string ToString() => $"PrivateSeries {Describe(Metadata)} (values are private)";
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
