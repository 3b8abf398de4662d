using System.Text;

namespace PrivateEnv.Sandbox.Tests;

/// <summary>
/// Fuzzed cell text: random bytes and random splices of C# fragments. The compiler and verifier
/// must answer every one with a result (compiled or refused), never an exception, and whatever
/// compiles must pass verification on its own merits. Fixed seeds, so failures reproduce.
/// </summary>
public class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "var x = 1;", "people[\"age\"]", ".Mean(eps: 0.1)", "Print(", ")", ";", "{", "}", "=>", "new List<int>()", "typeof(", "System.IO.File",
        "GetType()", "class C {", "record R(int A);", "static int s;", "unsafe", "dynamic", "#r \"x\"", "\"", "'", "@\"", "$\"{", "/*", "*/",
        "foreach (var i in", "while (true)", "catch when", "lock(", "stackalloc int[4]", "__makeref(", "default!", "?.", "??", "[..]",
        "x => x", "Map(x => x * 2, 0, 10)", "people.Count(eps: 0.1)", "Export(", "\"n\")", "(object)", "as dynamic", "nameof(people)",
        "async", "await", "yield return 1;", "goto L;", "L:", "checked(", "int.MaxValue", "1e308 * 10", "\u0000", "\uFFFF", "\\u0041",
    ];

    [Fact]
    public void RandomBytesAreAnsweredWithoutCrashing()
    {
        using var harness = new CellHarness();
        var random = new Random(20261125);
        for (var i = 0; i < 150; i++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            var code = Encoding.UTF8.GetString(bytes);
            var compiled = harness.Compile(code);
            Assert.True(compiled.Succeeded || compiled.Errors.Count > 0, $"no verdict for input #{i}");
        }
    }

    [Fact]
    public void RandomSplicesOfCSharpFragmentsAreAnsweredWithoutCrashing()
    {
        using var harness = new CellHarness();
        var random = new Random(7);
        var compiledCount = 0;
        for (var i = 0; i < 300; i++)
        {
            var code = string.Join(" ", Enumerable.Range(0, random.Next(1, 12)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            var compiled = harness.Compile(code);
            Assert.True(compiled.Succeeded || compiled.Errors.Count > 0, $"no verdict for: {code}");
            if (compiled.Succeeded) compiledCount++;
        }
        Assert.True(compiledCount > 0, "the fragments should sometimes form a valid cell");
    }
}
