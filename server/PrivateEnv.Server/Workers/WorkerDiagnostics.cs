namespace PrivateEnv.Server.Workers;

/// <summary>
/// What the operator's log says when a worker ends on its own (not stopped by the server): its exit status, the last
/// lines it wrote to standard error (a runtime's out-of-memory or stack-overflow report), and its cgroup's memory-limit
/// events. Operator log only: nothing here reaches an analyst.
/// </summary>
public sealed class WorkerDiagnostics
{
    // The first lines name the failure ("Stack overflow.", "Out of memory."), the last ones where it ended.
    private const int KeptFirstLines = 3;
    private const int KeptLastLines = 9;
    private const int KeptLineLength = 400;
    private readonly List<string> firstErrorLines = [];
    private readonly Queue<string> lastErrorLines = new();
    private int droppedLines;

    /// <summary>Reads the worker's cgroup memory events (null without a cgroup).</summary>
    public Func<string?>? MemoryEvents { get; init; }

    /// <summary>Keeps one line of the worker's standard error (the first and last few only, each cut short).</summary>
    public void AddErrorLine(string line)
    {
        var kept = line.Length > KeptLineLength ? line[..KeptLineLength] + "…" : line;
        lock (lastErrorLines)
        {
            if (firstErrorLines.Count < KeptFirstLines)
            {
                firstErrorLines.Add(kept);
                return;
            }
            lastErrorLines.Enqueue(kept);
            if (lastErrorLines.Count > KeptLastLines)
            {
                lastErrorLines.Dequeue();
                droppedLines++;
            }
        }
    }

    /// <summary>One line for the log: exit status, memory events, the first and last lines of error output.</summary>
    public string Describe(int? exitCode)
    {
        string tail;
        lock (lastErrorLines)
        {
            var gap = droppedLines > 0 ? [$"({droppedLines} lines left out)"] : Array.Empty<string>();
            string[] lines = [.. firstErrorLines, .. gap, .. lastErrorLines];
            tail = lines.Length == 0 ? "none" : string.Join(" | ", lines);
        }
        var status = exitCode is { } code ? (code > 128 ? $"exit code {code} (signal {code - 128}?)" : $"exit code {code}") : "still running";
        var memory = MemoryEvents?.Invoke() is { Length: > 0 } events ? events : "no cgroup events";
        return $"{status}; memory: {memory}; error output: {tail}";
    }
}
