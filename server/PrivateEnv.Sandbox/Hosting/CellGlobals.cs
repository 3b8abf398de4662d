using System.Text;
using PrivateEnv.Sandbox.Release;

namespace PrivateEnv.Sandbox.Hosting;

/// <summary>
/// The globals every cell sees. Only Print, Display, Export and Progress are on the allow-list;
/// everything they output passes the release gate first.
/// </summary>
public sealed class CellGlobals
{
    private readonly Dictionary<string, object> variables = new(StringComparer.Ordinal);

    // What this cell may still send; every host (the worker, the in-process runners) gets the same bound.
    private readonly CellOutputLimit limit = new();

    /// <summary>Host side: a new cell starts with its whole output allowance.</summary>
    internal void BeginCell() => limit.Reset();

    /// <summary>Host side: where outputs go for the cell that is running now.</summary>
    internal ICellOutput? Output { get; set; }

    public void SetOutput(ICellOutput output) => Output = output;

    /// <summary>Host side: values the prelude turns into cell variables (datasets, imports).</summary>
    public object GetVariable(string name) => variables.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"No host variable '{name}'.");

    public void SetVariable(string name, object value) => variables[name] = value;

    /// <summary>Prints releasable values as text (private objects are refused).</summary>
    public void Print(object? value) => Stdout(ReleaseGate.ToText(value) + "\n");

    /// <summary>Prints several releasable values separated by spaces.</summary>
    public void Print(params object?[] values) => Stdout(string.Join(" ", values.Select(ReleaseGate.ToText)) + "\n");

    /// <summary>Shows a releasable value richly (HTML tables for result tables, SVG charts where available).</summary>
    public void Display(object? value)
    {
        var output = RequireOutput();
        var bundle = ReleaseGate.ToMimeBundle(value);
        limit.Take(bundle.Sum(part => (long)Encoding.UTF8.GetByteCount(part.Key) + Encoding.UTF8.GetByteCount(part.Value)));
        output.Display(bundle);
    }

    /// <summary>Sends a releasable value to the client as a variable named <paramref name="name"/>.</summary>
    public void Export(object? value, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !IsIdentifier(name))
            throw new ArgumentException($"Export name '{name}' must be a C# identifier (letters, digits, _; not starting with a digit).");
        var output = RequireOutput();
        var encoded = ReleaseGate.Encode(value);
        limit.Take(name.Length + encoded.Payload.Length);
        output.Export(name, encoded);
    }

    /// <summary>Reports progress of long work (shown in place by notebooks and the CLI).</summary>
    public void Progress(string label, double current, double total)
    {
        var output = RequireOutput();
        // Progress past the allowance is dropped: it is transient, and failing long work over it would waste its budget.
        if (limit.TryTake(2L * Encoding.UTF8.GetByteCount(label) + 16)) output.Progress(label, label, current, total, "");
    }

    private void Stdout(string text)
    {
        var output = RequireOutput();
        limit.Take(Encoding.UTF8.GetByteCount(text));
        output.Stdout(text);
    }

    private ICellOutput RequireOutput() => Output ?? throw new InvalidOperationException("No cell is running.");

    private static bool IsIdentifier(string name) =>
        (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_') && name.Length <= 128;
}
