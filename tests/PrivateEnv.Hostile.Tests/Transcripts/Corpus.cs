using System.Text.Json;
using System.Text.RegularExpressions;

namespace PrivateEnv.Hostile.Tests.Transcripts;

/// <summary>
/// The cells of the neighbour-transcript test: the hand-written corpus (Corpus/*.csx: every public member of the
/// private types and one attack per leak class; steps separated by <c>//@ next-cell</c>), every C# cell of README.md
/// and docs/*.md that uses the demo dataset, and the sample notebook's remote cells (one session, in order).
/// </summary>
public static partial class Corpus
{
    public sealed record Entry(string Name, IReadOnlyList<string> Steps);

    public static IReadOnlyList<Entry> All() => [.. Files(), .. Documentation(), Notebook()];

    public static Entry Find(string name) => All().Single(e => e.Name == name);

    private static IEnumerable<Entry> Files() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Transcripts", "Corpus"), "*.csx").Order(StringComparer.Ordinal)
            .Select(path => new Entry(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path).Split("//@ next-cell").Select(s => s.Trim()).ToArray()));

    /// <summary>```csharp blocks of the docs that are cells (they name the dataset and are not client code).</summary>
    private static IEnumerable<Entry> Documentation()
    {
        var root = RepoRoot();
        var documents = new[] { "README.md" }.Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal));
        foreach (var document in documents)
        {
            var index = 0;
            foreach (Match block in CSharpBlock().Matches(File.ReadAllText(Path.Combine(root, document))))
            {
                var code = StripMagic(block.Groups[1].Value);
                if (code is null || !code.Contains("patients", StringComparison.Ordinal) || code.Contains("PrivateEnvClient", StringComparison.Ordinal) || code.Contains("await ", StringComparison.Ordinal)) continue;
                yield return new Entry($"{document}#{++index}", [code]);
            }
        }
    }

    /// <summary>The sample notebook's #!private cells (not its magics), run in one session as the notebook does.</summary>
    private static Entry Notebook()
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "samples", "private-analysis.ipynb")));
        var steps = new List<string>();
        foreach (var cell in notebook.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            var source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(l => l.GetString()));
            if (StripMagic(source) is { } code && source.TrimStart().StartsWith("#!private", StringComparison.Ordinal)) steps.Add(code);
        }
        return new Entry("samples/private-analysis.ipynb", steps);
    }

    /// <summary>A notebook cell's code without its <c>#!private</c>/<c>%%private</c> line; null for magics that are not code.</summary>
    private static string? StripMagic(string source)
    {
        var lines = source.Split('\n');
        var first = lines[0].Trim();
        if (first is "#!private" or "%%private") return string.Join('\n', lines.Skip(1));
        return first.StartsWith("#!", StringComparison.Ordinal) || first.StartsWith("%%", StringComparison.Ordinal) ? null : source;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PrivateEnv.sln"))) return dir.FullName;
        throw new InvalidOperationException("PrivateEnv.sln not found above the test binaries.");
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
