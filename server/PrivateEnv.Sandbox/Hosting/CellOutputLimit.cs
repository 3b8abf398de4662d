using PrivateEnv.Sandbox.Release;

namespace PrivateEnv.Sandbox.Hosting;

/// <summary>
/// What one cell may send: at most <see cref="MaxBytes"/> of output and <see cref="MaxEvents"/> outputs, checked by
/// <see cref="CellGlobals"/> (so in the worker, before anything crosses to the server, and in every in-process host) (the server relays at most 64 MiB per gRPC message, and every
/// byte a cell sends is held by the server and the client). Past the limit the output call throws with a message that
/// quotes only the limits; the sizes it counts are those of already released values, so the refusal reveals nothing.
/// </summary>
public sealed class CellOutputLimit
{
    public const long MaxBytes = 32L * 1024 * 1024;
    public const int MaxEvents = 10_000;

    private long bytes;
    private int events;

    /// <summary>A new cell: nothing sent yet.</summary>
    public void Reset()
    {
        bytes = 0;
        events = 0;
    }

    /// <summary>Counts an event of <paramref name="size"/> bytes, or throws if it would pass a limit (then nothing is counted).</summary>
    public void Take(long size)
    {
        if (!TryTake(size))
            throw new ReleaseRefusedException(
                $"This cell's output would pass {MaxBytes / (1024 * 1024)} MiB or {MaxEvents:N0} outputs, the most one cell may send; nothing more was sent. Print summaries or export fewer, smaller values.");
    }

    /// <summary>Longest cell value or error message sent (in characters); a longer one is cut, with a note saying so.</summary>
    public const int MaxTextChars = 64 * 1024;

    /// <summary>
    /// A cell's value text or error message, cut to <see cref="MaxTextChars"/>: these travel outside the output allowance
    /// (an error must reach the analyst even after the allowance is spent), so they are bounded on their own.
    /// </summary>
    public static string Bound(string text) =>
        text.Length <= MaxTextChars ? text : text[..MaxTextChars] + $" … (cut at {MaxTextChars / 1024} KiB; Print or Export long values instead)";

    /// <summary>Whether an event of <paramref name="size"/> bytes still fits (for progress updates, which are dropped rather than failing the cell).</summary>
    public bool TryTake(long size)
    {
        if (events + 1 > MaxEvents || bytes + size > MaxBytes) return false;
        events++;
        bytes += size;
        return true;
    }
}
