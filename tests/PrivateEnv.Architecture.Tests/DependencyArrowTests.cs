using System.Xml.Linq;

namespace PrivateEnv.Architecture.Tests;

/// <summary>
/// The project references and InternalsVisibleTo grants of the production projects follow the arrows of the design
/// (../shared/DESIGN.md and docs/architecture.md). An arrow not listed here fails: change the design first, then this list.
/// </summary>
public class DependencyArrowTests
{
    /// <summary>Production project → the production projects it may reference (its code, not only its build order).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        // The codec for values on the wire (kinds, JSON, safetensors, models, CSV tables): plain .NET, shared by both ends.
        ["PrivateEnv.Portable"] = [],
        // ValueKinds.cs, the one mapping between the wire's ValueKind/ValueEncoding and the codec's enums.
        ["PrivateEnv.Protocol"] = ["PrivateEnv.Portable"],
        ["PrivateEnv.Privacy"] = [],
        ["PrivateEnv.DataFrame"] = ["PrivateEnv.Privacy", "PrivateEnv.Portable"],
        ["PrivateEnv.Learning"] = ["PrivateEnv.Privacy", "PrivateEnv.DataFrame", "PrivateEnv.Portable"],
        ["PrivateEnv.Sandbox"] = ["PrivateEnv.Protocol", "PrivateEnv.Portable", "PrivateEnv.Privacy"],
        ["PrivateEnv.Worker"] = ["PrivateEnv.Sandbox", "PrivateEnv.Privacy", "PrivateEnv.DataFrame", "PrivateEnv.Learning"],
        ["PrivateEnv.Server"] = ["PrivateEnv.Sandbox"],
        ["PrivateEnv.Client"] = ["PrivateEnv.Protocol", "PrivateEnv.Portable"],
        ["PrivateEnv.Cli"] = ["PrivateEnv.Client", "PrivateEnv.Privacy"],
        // Local (non-private) notebook cells run the op-libs in the kernel's own process.
        ["PrivateEnv.Kernel"] = ["PrivateEnv.Client", "PrivateEnv.Portable", "PrivateEnv.Privacy", "PrivateEnv.DataFrame", "PrivateEnv.Learning"],
        // The .NET Interactive (Polyglot Notebooks) extension: remote cells through the client only; no op-libs, no TorchSharp.
        ["PrivateEnv.Interactive"] = ["PrivateEnv.Client"],
    };

    private static IEnumerable<string> ProductionProjects() =>
        new[] { "protos", "server", "op-libs", "client", "kernels" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Contains("/bin/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal));

    [Fact]
    public void Every_production_project_is_in_the_design()
    {
        var names = ProductionProjects().Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(Allowed.Keys.Order(), names!);
    }

    [Fact]
    public void Project_references_point_only_along_the_design()
    {
        var against = new List<string>();
        foreach (var project in ProductionProjects())
        {
            var name = Path.GetFileNameWithoutExtension(project);
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                // Build-order references (the server builds its worker beside it) link no code.
                if (string.Equals((string?)reference.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase)) continue;
                var target = Path.GetFileNameWithoutExtension(((string)reference.Attribute("Include")!).Replace('\\', '/'));
                if (!Allowed[name].Contains(target)) against.Add($"{name} → {target}");
            }
        }
        Assert.True(against.Count == 0, "Arrows against the design: " + string.Join(", ", against));
    }

    [Fact]
    public void Internals_open_only_to_tests_and_benchmarks()
    {
        var grants = new List<string>();
        foreach (var project in ProductionProjects())
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var granted = XDocument.Load(project).Descendants("InternalsVisibleTo").Select(e => (string)e.Attribute("Include")!)
                .Concat(Directory.EnumerateFiles(Path.GetDirectoryName(project)!, "*.cs", SearchOption.AllDirectories)
                    .Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
                    .SelectMany(File.ReadLines)
                    .Where(line => line.TrimStart().StartsWith("[assembly: InternalsVisibleTo(", StringComparison.Ordinal))
                    .Select(line => line.Split('"')[1]));
            grants.AddRange(granted.Where(g => !g.EndsWith(".Tests", StringComparison.Ordinal) && g != "PrivateEnv.Benchmarks").Select(g => $"{name} → {g}"));
        }
        Assert.True(grants.Count == 0, "InternalsVisibleTo to production code: " + string.Join(", ", grants));
    }
}
