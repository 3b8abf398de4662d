using System.Reflection;
using PrivateEnv.DataFrame;
using PrivateEnv.Learning;
using PrivateEnv.Privacy;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Hostile.Tests.Surface;

/// <summary>
/// Every public member a cell can name in the PrivateEnv libraries is classified in Surface/surface.txt:
/// <c>release</c> (its value comes from the release primitive, post-processed), <c>public</c> (a function of public
/// inputs: metadata, names, shapes, configuration, public tables, values already released) or <c>private</c> (it
/// returns or changes private state and releases nothing). A new member fails this test until someone decides which
/// it is, and a member that returns a private type must be classified private. The transcript and distinguisher
/// tests then check the classes' promises.
/// </summary>
public class SurfaceClassificationTests
{
    private static readonly string[] Classes = ["release", "public", "private"];

    private static readonly Type[] PrivateTypes =
        [typeof(PrivateDataFrame), typeof(PrivateSeries), typeof(PrivateGroupBy), typeof(PrivateTensor), typeof(PrivateDataLoader)];

    /// <summary>The cell-facing types: those of the libraries' assemblies the allow-list lets a cell name.</summary>
    public static IEnumerable<Type> CellFacingTypes() =>
        new[] { typeof(PrivateDataFrame).Assembly, typeof(Sequential).Assembly, typeof(BudgetExceededException).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => AllowList.Default.IsTypeNameable(t.FullName!, t.Namespace))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static IEnumerable<(string Name, MemberInfo Member)> Members() =>
        CellFacingTypes().SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is MethodInfo { IsSpecialName: false } || m is MethodInfo method && method.Name.StartsWith("op_", StringComparison.Ordinal)
                    || m is PropertyInfo or FieldInfo or ConstructorInfo)
                .Where(m => AllowList.Default.IsMemberAllowed(t.FullName!, t.Namespace, m is ConstructorInfo ? ".ctor" : m.Name))
                .Where(m => m.Name is not ("Equals" or "GetHashCode" or "<Clone>$" or "Deconstruct" or "PrintMembers" or "EqualityContract"))
                .Select(m => ($"{t.FullName}.{(m is ConstructorInfo ? "ctor" : m.Name)}{Parameters(m)}", m)))
            .DistinctBy(x => x.Item1);

    /// <summary>Overloads apart: "(Double,Double)" for methods and constructors, nothing for properties and fields.</summary>
    private static string Parameters(MemberInfo member) => member is MethodBase method
        ? "(" + string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name)) + ")"
        : "";

    private static Dictionary<string, string> Classification() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Surface", "surface.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(p => p[0], p => p[1].Split(' ')[0]);

    [Fact]
    public void Every_cell_facing_member_is_classified_and_every_classified_member_exists()
    {
        var classified = Classification();
        var members = Members().ToList();
        var unclassified = members.Select(m => m.Name).Where(n => !classified.ContainsKey(n)).ToList();
        Assert.True(unclassified.Count == 0, "Classify these in Surface/surface.txt (release, public or private):\n" + string.Join("\n", unclassified));
        var stale = classified.Keys.Except(members.Select(m => m.Name)).ToList();
        Assert.True(stale.Count == 0, "No longer exist (remove from Surface/surface.txt):\n" + string.Join("\n", stale));
        Assert.All(classified, p => Assert.Contains(p.Value, Classes));
    }

    [Fact]
    public void Members_that_return_private_objects_are_classified_private_and_private_types_release_nothing_raw()
    {
        var classified = Classification();
        foreach (var (name, member) in Members())
        {
            var returns = member switch { MethodInfo m => m.ReturnType, PropertyInfo p => p.PropertyType, FieldInfo f => f.FieldType, ConstructorInfo c => c.DeclaringType!, _ => typeof(void) };
            if (PrivateTypes.Contains(returns) || returns.GetGenericArguments().Any(PrivateTypes.Contains))
                Assert.True(classified[name] == "private", $"{name} returns a private object: classify it private");
            if (member.DeclaringType is { } t && PrivateTypes.Contains(t) && classified[name] == "public")
                Assert.True(returns.IsPrimitive || returns == typeof(string) || returns.IsEnum || returns == typeof(int[]) || returns == typeof(ColumnMetadata)
                    || returns == typeof(DatasetMetadata) || returns == typeof(IReadOnlyList<string>) || returns == typeof(double?) || returns == typeof(long?),
                    $"{name} is a public member of a private type but returns {returns.Name}: only metadata-like values may");
        }
    }
}
