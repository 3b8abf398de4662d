using System.Collections;
using System.Reflection;

namespace PrivateEnv.DataFrame.Tests;

/// <summary>Cells are hostile: nothing private may be readable through the public surface.</summary>
public class SecuritySurfaceTests
{
    private static readonly Type[] PrivateTypes = [typeof(PrivateDataFrame), typeof(PrivateSeries), typeof(PrivateGroupBy)];

    // Allow-list of what a public member of a private type may return: other private types,
    // DP results, public metadata and scalars. Anything else (arrays, enumerables of values,
    // Microsoft.Data.Analysis types, object, delegates) fails the test.
    private static readonly HashSet<Type> AllowedTypes =
    [
        typeof(void), typeof(double), typeof(double?), typeof(int), typeof(bool), typeof(string), typeof(Type),
        typeof(PrivateDataFrame), typeof(PrivateSeries), typeof(PrivateGroupBy), typeof(PublicTable),
        typeof(ColumnKind), typeof(ColumnMetadata), typeof(DatasetMetadata),
        typeof((PrivateDataFrame Train, PrivateDataFrame Test)),
    ];

    // Lists of public names (columns, categories, groups) are declared metadata, not data.
    private static readonly HashSet<string> MetadataLists = ["Columns", "Categories", "Groups"];

    [Fact]
    public void Public_members_of_private_types_return_no_raw_data()
    {
        var problems = new List<string>();
        foreach (var type in PrivateTypes)
        {
            if (type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length > 0)
                problems.Add($"{type.Name} has public fields");
            if (typeof(IEnumerable).IsAssignableFrom(type) || typeof(PrivateEnv.Privacy.IReleasable).IsAssignableFrom(type))
                problems.Add($"{type.Name} is enumerable or releasable");
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var name = method.IsSpecialName && method.Name.StartsWith("get_") ? method.Name[4..] : method.Name;
                var returns = method.ReturnType;
                var metadataList = MetadataLists.Contains(name) && returns == typeof(IReadOnlyList<string>);
                if (!AllowedTypes.Contains(returns) && !metadataList)
                    problems.Add($"{type.Name}.{method.Name} returns {returns}");
                foreach (var p in method.GetParameters().Where(p => p.IsOut || p.ParameterType.IsByRef))
                    problems.Add($"{type.Name}.{method.Name} has out/ref parameter {p.Name}");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void The_check_would_catch_a_leaky_member()
    {
        // Guards the guard: the forbidden shapes are indeed outside the allow-list.
        Type[] leaky = [typeof(double[]), typeof(IEnumerable<double>), typeof(Microsoft.Data.Analysis.DataFrame),
            typeof(Microsoft.Data.Analysis.DataFrameColumn), typeof(IEnumerator<object>), typeof(object), typeof(Func<double>)];
        Assert.All(leaky, t => Assert.DoesNotContain(t, AllowedTypes));
    }

    [Fact]
    public void ToString_shows_schema_only()
    {
        var df = TestData.Numbers(new RecordingCharger(), [31337.25, 4242.5], 0, 100_000, "secret");
        var texts = new[] { df.ToString(), df["secret"].ToString(), (df["secret"] * 2).ToString(), df[df["secret"] > 5000].ToString() };
        Assert.All(texts, t => Assert.DoesNotContain("31337", t));
        Assert.All(texts, t => Assert.DoesNotContain("4242", t));
        Assert.Contains("secret: numeric in [0, 100000]", df.ToString());
        Assert.Contains("values and row counts are private", df.ToString());
    }

    [Fact]
    public void Equality_and_hashing_are_by_identity()
    {
        var charger = new RecordingCharger();
        var a = TestData.Numbers(charger, [1, 2], 0, 10);
        var b = TestData.Numbers(charger, [1, 2], 0, 10);
        var c = TestData.Numbers(charger, [1, 3], 0, 10);
        Assert.False(a.Equals(b));
        Assert.False(a["v"].Equals(b["v"]));
        Assert.True(a.Equals(a));
        // Hash codes of equal-valued and different-valued frames are unrelated to the values.
        Assert.NotEqual(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(b.GetHashCode(), c.GetHashCode());
    }

    [Fact]
    public void Error_messages_contain_no_private_values()
    {
        var df = TestData.Numbers(new RecordingCharger(), [31337.25], 0, 100_000, "secret");
        var errors = new List<Exception>
        {
            Assert.ThrowsAny<Exception>(() => df["secret"] / df["secret"]),
            Assert.ThrowsAny<Exception>(() => df["nope"]),
            Assert.ThrowsAny<Exception>(() => df["secret"].Quantile(2, 1)),
        };
        Assert.All(errors, e => Assert.DoesNotContain("31337", e.ToString()));
    }

    [Fact]
    public void Statistics_on_an_empty_selection_release_noise_instead_of_failing()
    {
        // An error that depends on whether a filter matched rows would leak that fact, so every
        // statistic must also run on zero rows.
        var charger = new RecordingCharger();
        var df = TestData.Small(charger);
        var empty = df[df["x"] > 100];
        var x = empty["x"];
        double[] values = [x.Count(1), x.Sum(1), x.Mean(1), x.Var(1), x.Std(1), x.Median(1), x.Min(1), x.Max(1),
            x.Quantile(0.3, 1), empty.Count(1), empty.Cov("x", "y", 1)];
        Assert.All(values.Where(v => !double.IsNaN(v)), v => Assert.True(double.IsFinite(v)));
        Assert.InRange(x.Mean(1), 0, 10);
        Assert.Equal(8, empty.Describe(1).RowCount);
        Assert.Equal(3, empty.GroupBy("group").Agg(1, ("x", "median"), ("y", "std")).RowCount);
        Assert.Equal(3, empty["group"].ValueCounts(1).RowCount);
        Assert.Equal(3, empty.Histogram2D("group", "flag", 1).RowCount);
        _ = empty["x"].Corr(empty["y"], 1);
        _ = empty.OneHotEncode().DropNa().Sample(0.5).TrainTestSplit().Train.Count(1);
    }
}
