using System.Reflection;
using PrivateEnv.DataFrame;
using PrivateEnv.Learning;

namespace PrivateEnv.Hostile.Tests.Transcripts;

/// <summary>
/// Everything an analyst can observe, other than values of the release primitive, must be a function of public inputs.
/// Each corpus entry runs on the base dataset and on every neighbour with releases stubbed to fixed placeholders; the
/// transcripts (output, errors and whether they happen, charges and refusals with their ε, δ, events and descriptions,
/// shapes, ToString) must be identical. Deterministic: no randomness reaches a transcript.
/// </summary>
public class NeighbourTranscriptTests
{
    private const double Budget = 50;

    public static TheoryData<string> Entries() => new(Corpus.All().Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Entries))]
    public void Transcripts_are_identical_on_neighbouring_datasets(string entry)
    {
        var steps = Corpus.Find(entry).Steps;
        var baseline = Run(NeighbourDatasets.Base, NeighbourDatasets.MetadataJson, steps);
        AssertRanToTheEnd(entry, steps, baseline);
        foreach (var (name, csv) in NeighbourDatasets.Neighbours)
            AssertSame(baseline, Run(csv, NeighbourDatasets.MetadataJson, steps), $"{entry}, {name}");
    }

    /// <summary>A step that stops at an error would check less than it seems: only steps marked <c>// expect-error</c> may end in one.</summary>
    private static void AssertRanToTheEnd(string entry, IReadOnlyList<string> steps, List<string> transcripts)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var failed = transcripts[i].Split('\n').FirstOrDefault(l => l.StartsWith("error ", StringComparison.Ordinal) || l.StartsWith("compile:", StringComparison.Ordinal) || l.StartsWith("refused:", StringComparison.Ordinal));
            var expected = steps[i].Contains("// expect-error", StringComparison.Ordinal);
            Assert.True(expected == (failed is not null), $"{entry}, step {i + 1}: {(expected ? "expected an error, ran to the end" : failed)}");
        }
    }

    [Theory]
    [InlineData("019-tensors-and-loaders")]
    [InlineData("020-dpsgd-classifier")]
    [InlineData("031-predict-and-evaluate")]
    [InlineData("102-attack-sizes")]
    [InlineData("006-describe")]
    public void Transcripts_are_identical_when_the_row_count_is_not_declared(string entry)
    {
        var steps = Corpus.Find(entry).Steps;
        var baseline = Run(NeighbourDatasets.Base, NeighbourDatasets.UndeclaredMetadataJson, steps);
        foreach (var (name, csv) in NeighbourDatasets.Neighbours)
            AssertSame(baseline, Run(csv, NeighbourDatasets.UndeclaredMetadataJson, steps), $"{entry} (undeclared rows), {name}");
    }

    [Fact]
    public void The_corpus_has_at_least_fifty_entries_and_every_documented_cell()
    {
        var all = Corpus.All();
        Assert.True(all.Count >= 50, $"only {all.Count} corpus entries");
        Assert.Contains(all, e => e.Name.StartsWith("README.md#", StringComparison.Ordinal));
        Assert.True(Corpus.Find("samples/private-analysis.ipynb").Steps.Count >= 5);
        Assert.True(all.Count(e => e.Name.StartsWith("10", StringComparison.Ordinal) && e.Name.Contains("attack", StringComparison.Ordinal)) >= 6, "one attack entry per leak class");
    }

    /// <summary>Every public method and property of the private types appears by name in the corpus (operators are in 008–009).</summary>
    [Fact]
    public void The_corpus_calls_every_public_member_of_the_private_types()
    {
        var text = string.Join("\n", Corpus.All().SelectMany(e => e.Steps));
        Type[] types = [typeof(PrivateDataFrame), typeof(PrivateSeries), typeof(PrivateGroupBy), typeof(PrivateTensor), typeof(PrivateDataLoader), typeof(PrivateKerasModel), typeof(FrameTensors)];
        var missing = types.SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is MethodInfo { IsSpecialName: false } or PropertyInfo)
                .Where(m => m.Name is not ("Equals" or "GetHashCode" or "ToString" or "Item"))
                .Where(m => !text.Contains(m.Name, StringComparison.Ordinal))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct().ToList();
        Assert.Empty(missing);
    }

    private static readonly Lazy<IReadOnlyDictionary<string, (object, string)>> Imports = new(() => new Dictionary<string, (object, string)>
    {
        ["ageBands"] = (new[] { 18.0, 40.0, 65.0, 95.0 }, "double[]"),
        ["pretrained"] = (ModelExport.From(new Sequential(new PrivateEnv.Learning.Layers.Dense(16, "tanh", inputShape: [5]), new PrivateEnv.Learning.Layers.Dense(4))), "PrivateEnv.Learning.ModelExport"),
    });

    private static List<string> Run(string csv, string metadata, IReadOnlyList<string> steps)
    {
        using var runner = new TranscriptRunner(NeighbourDatasets.Name, csv, metadata, Budget, Imports.Value);
        return steps.Select(runner.Run).ToList();
    }

    private static void AssertSame(List<string> expected, List<string> actual, string context)
    {
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] == actual[i]) continue;
            var a = expected[i].Split('\n');
            var b = actual[i].Split('\n');
            var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(k => a[k] != b[k], Math.Min(a.Length, b.Length));
            Assert.Fail($"{context}, step {i + 1}: the transcripts differ at line {line + 1}:\n  base:      {Line(a, line)}\n  neighbour: {Line(b, line)}");
        }
    }

    private static string Line(string[] lines, int index) => index < lines.Length ? (lines[index].Length > 400 ? lines[index][..400] + "…" : lines[index]) : "(end)";
}

/// <summary>Guards the guard: a value that depends on the data outside the release primitive makes the transcripts differ.</summary>
public class NeighbourTranscriptSelfTests
{
    [Theory]
    [InlineData("Print(leak);")]                                                              // output
    [InlineData("if (leak > 9999.5) throw new InvalidOperationException(\"x\"); Print(1);")]  // whether it throws
    [InlineData("try { if (leak > 9999.5) throw new ArgumentException(); } catch (Exception) { } Print(patients.Count(eps: leak > 9999.5 ? 0.2 : 0.1));")] // a charge
    public void A_data_dependent_value_outside_the_primitive_is_caught(string cell)
    {
        string Run(string csv)
        {
            var rows = csv.TrimEnd('\n').Split('\n').Length - 1; // the exact row count: private, deliberately leaked
            var imports = new Dictionary<string, (object, string)> { ["leak"] = ((double)rows, "double") };
            using var runner = new TranscriptRunner(NeighbourDatasets.Name, csv, NeighbourDatasets.MetadataJson, 10, imports);
            return runner.Run(cell);
        }
        var (_, added) = NeighbourDatasets.Neighbours[0];
        Assert.NotEqual(Run(NeighbourDatasets.Base), Run(added));
    }

    [Fact]
    public void Releases_are_stubbed_so_noise_cannot_make_transcripts_differ()
    {
        using var runner = new TranscriptRunner(NeighbourDatasets.Name, NeighbourDatasets.Base, NeighbourDatasets.MetadataJson, 10);
        var first = runner.Run("Print(patients[\"age\"].Mean(eps: 0.1), patients.Count(0.1));");
        Assert.Equal(first.Split('\n').Where(l => l.StartsWith("stdout")), runner.Run("Print(patients[\"age\"].Mean(eps: 0.1), patients.Count(0.1));").Split('\n').Where(l => l.StartsWith("stdout")));
        Assert.Contains("stdout: 56.5 0", first); // the placeholder 0 for every release: mean = the bounds' midpoint, count = 0
    }
}
