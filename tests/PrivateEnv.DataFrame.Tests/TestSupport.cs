using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame.Tests;

/// <summary>Records every charge; refuses once the optional limit would be exceeded (like the ledger).</summary>
internal sealed class RecordingCharger(double? limit = null) : IPrivacyCharger
{
    public List<PrivacyCharge> Charges { get; } = [];
    public double Spent => Charges.Sum(c => c.Epsilon);

    public void Charge(PrivacyCharge charge)
    {
        charge.Validate();
        if (limit is { } l && Spent + charge.Epsilon > l + 1e-12)
            throw new BudgetExceededException(new BudgetRefusal(BudgetScope.Session, null, charge.Epsilon, l - Spent, l, 0, 0, 0));
        Charges.Add(charge);
    }
}

internal static class TestData
{
    /// <summary>ε so large that Laplace noise (scale ≤ 1e-6 here) is invisible: checks transformations exactly.</summary>
    public const double Exact = 1e9;

    public const string SmallMetadata = """
        {"description": "tiny test table",
         "columns": {
           "x": {"type": "numeric", "lower": 0, "upper": 10},
           "y": {"type": "numeric", "lower": -5, "upper": 5},
           "group": {"type": "categorical", "categories": ["a", "b", "c"]},
           "flag": {"type": "boolean"},
           "note": {"type": "text"}}}
        """;

    // Row 3 has x above its bound (12 → clamped to 10); row 5 misses x; "zzz" is not a category (→ missing).
    public const string SmallCsv = """
        x,y,group,flag,note,ignored
        1,-2,a,1,hello,7
        2,0,a,0,world,7
        12,4,b,1,"with, comma",7
        3,-5,b,0,,7
        ,1,zzz,1,x,7
        4,2,c,true,y,7
        """;

    public static PrivateDataFrame Small(IPrivacyCharger charger) =>
        PrivateDataFrameLoader.Load("small", new StringReader(SmallCsv), DatasetMetadata.Parse(SmallMetadata), charger);

    public static PrivateDataFrame Numbers(IPrivacyCharger charger, IEnumerable<double> values, double lo, double hi, string name = "v")
    {
        var csv = name + "\n" + string.Join("\n", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var meta = DatasetMetadata.Parse("{\"columns\": {\"" + name + "\": {\"type\": \"numeric\", \"lower\": " + F(lo) + ", \"upper\": " + F(hi) + "}}}");
        return PrivateDataFrameLoader.Load("numbers", new StringReader(csv), meta, charger);
    }

    private static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The repository root (the folder holding PrivateEnv.sln), found by walking up.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PrivateEnv.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PrivateEnv.sln not found above the test binaries.");
    }

    public static string AdultCsvPath() => Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "adult.csv"));
}

/// <summary>Kolmogorov–Smirnov one-sample statistic and critical value.</summary>
internal static class KolmogorovSmirnov
{
    public static double Statistic(IEnumerable<double> sample, Func<double, double> cdf)
    {
        var sorted = sample.OrderBy(v => v).ToArray();
        var n = sorted.Length;
        double d = 0;
        for (var i = 0; i < n; i++)
        {
            var f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }

    /// <summary>Asymptotic critical value: P(D > c) ≈ α for a correct CDF (c(α) = √(−ln(α/2)/2)).</summary>
    public static double Critical(int n, double alpha) => Math.Sqrt(-Math.Log(alpha / 2) / 2) / Math.Sqrt(n);
}
