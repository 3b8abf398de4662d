namespace PrivateEnv.Server.Workers;

/// <summary>
/// What the operator's log says when a worker ends on its own (not stopped by the server): its exit status, the last
/// lines it wrote to standard error (a runtime's out-of-memory or stack-overflow report), and its cgroup's memory-limit
/// events. Operator log only: nothing here reaches an analyst.
/// </summary>
public sealed class WorkerDiagnostics
{
    private const int KeptLines = 12;
    private const int KeptLineLength = 400;
    private readonly Queue<string> lastErrorLines = new();

    /// <summary>Reads the worker's cgroup memory events (null without a cgroup).</summary>
    public Func<string?>? MemoryEvents { get; init; }

    /// <summary>Keeps one line of the worker's standard error (the last few only, each cut short).</summary>
    public void AddErrorLine(string line)
    {
        lock (lastErrorLines)
        {
            lastErrorLines.Enqueue(line.Length > KeptLineLength ? line[..KeptLineLength] + "…" : line);
            while (lastErrorLines.Count > KeptLines) lastErrorLines.Dequeue();
        }
    }

    /// <summary>One line for the log: exit status, memory events, last error output.</summary>
    public string Describe(int? exitCode)
    {
        string tail;
        lock (lastErrorLines) tail = lastErrorLines.Count == 0 ? "none" : string.Join(" | ", lastErrorLines);
        var status = exitCode is { } code ? (code > 128 ? $"exit code {code} (signal {code - 128}?)" : $"exit code {code}") : "still running";
        var memory = MemoryEvents?.Invoke() is { Length: > 0 } events ? events : "no cgroup events";
        return $"{status}; memory: {memory}; last error output: {tail}";
    }
}
