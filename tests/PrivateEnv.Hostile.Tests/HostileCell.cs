namespace PrivateEnv.Hostile.Tests;

/// <summary>What one step of a hostile cell file must do.</summary>
public enum Outcome
{
    /// <summary>Refused by the verifier or the IL scan before running.</summary>
    Refused,
    /// <summary>Ran and failed with a (sanitised) error: release refused, budget, runtime.</summary>
    RuntimeError,
    /// <summary>Ran to completion.</summary>
    Ok,
    /// <summary>Any outcome, as long as nothing private leaks.</summary>
    NoLeak,
    /// <summary>Stopped by the cell timeout (real server only).</summary>
    Timeout,
    /// <summary>Its worker died (stack overflow, out of memory); the server survives (real server only).</summary>
    WorkerLost,
    /// <summary>Did not compile (a name that does not exist, e.g. a variable from a dead worker).</summary>
    CompileError,
}

/// <summary>One step: code plus what must happen. <c>NewSession</c> starts it in a fresh session.</summary>
public sealed record CellStep(string Code, Outcome Expect, string? Names, string? Stdout, bool NewSession, int FirstLine);

/// <summary>
/// A hostile cell file (Cells/NNN-name.csx). Directives are comments starting with <c>//@</c>:
/// <c>runner: harness|server</c>, <c>expect: refused|runtime-error|ok|no-leak|timeout|worker-lost|compile-error</c>,
/// <c>names: TEXT</c> (the error must contain it), <c>stdout: TEXT</c> (stdout must contain it),
/// <c>concurrent: N</c> (run the file's single step N times at once), <c>budget-holds</c>,
/// and <c>next-cell</c> / <c>next-session</c> separating steps.
/// </summary>
public sealed record HostileCell(string Name, bool OnServer, IReadOnlyList<CellStep> Steps, int Concurrent, bool BudgetHolds)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Cells");

    public static IEnumerable<string> AllNames() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.csx").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static HostileCell Load(string name) => Parse(name, File.ReadAllText(Path.Combine(Directory, name + ".csx")));

    public static HostileCell Parse(string name, string text)
    {
        var onServer = false;
        var concurrent = 1;
        var budgetHolds = false;
        var steps = new List<CellStep>();
        var code = new System.Text.StringBuilder();
        Outcome? expect = null;
        string? names = null, stdout = null;
        var newSession = false;
        var firstLine = 1;
        var lineNumber = 0;

        void Flush()
        {
            if (expect is null) throw new FormatException($"{name}: a step (line {firstLine}) lacks '//@ expect: …'.");
            steps.Add(new CellStep(code.ToString(), expect.Value, names, stdout, newSession, firstLine));
            code.Clear();
            expect = null;
            names = stdout = null;
            newSession = false;
        }

        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (!trimmed.StartsWith("//@", StringComparison.Ordinal))
            {
                code.Append(line.TrimEnd('\r')).Append('\n');
                continue;
            }
            var directive = trimmed[3..].Trim();
            var colon = directive.IndexOf(':');
            var key = colon < 0 ? directive : directive[..colon].Trim();
            var value = colon < 0 ? "" : directive[(colon + 1)..].Trim();
            switch (key)
            {
                case "runner": onServer = value == "server"; break;
                case "concurrent": concurrent = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "budget-holds": budgetHolds = true; break;
                case "expect": expect = ParseOutcome(name, value); break;
                case "names": names = value; break;
                case "stdout": stdout = value; break;
                case "next-cell":
                case "next-session":
                    Flush();
                    newSession = key == "next-session";
                    firstLine = lineNumber + 1;
                    break;
                default: throw new FormatException($"{name} line {lineNumber}: unknown directive '{key}'.");
            }
        }
        Flush();
        return new HostileCell(name, onServer, steps, concurrent, budgetHolds);
    }

    private static Outcome ParseOutcome(string name, string value) => value switch
    {
        "refused" => Outcome.Refused,
        "runtime-error" => Outcome.RuntimeError,
        "ok" => Outcome.Ok,
        "no-leak" => Outcome.NoLeak,
        "timeout" => Outcome.Timeout,
        "worker-lost" => Outcome.WorkerLost,
        "compile-error" => Outcome.CompileError,
        _ => throw new FormatException($"{name}: unknown outcome '{value}'."),
    };
}
