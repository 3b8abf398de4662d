using System.Text.Json.Nodes;
using PrivateEnv.Kernel.Rendering;

namespace PrivateEnv.Kernel.Local;

/// <summary>Members every local cell can call without qualification.</summary>
public sealed class KernelGlobals
{
    private readonly OutputRouter router;

    internal KernelGlobals(OutputRouter router) => this.router = router;

    /// <summary>Values handed to the cell that defines an exported or imported variable; not for user code.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "A name no notebook variable would take.")]
    public Dictionary<string, object?> __Incoming { get; } = new(StringComparer.Ordinal);

    /// <summary>Cancelled when the notebook interrupts the running cell; pass it to long awaits.</summary>
    public CancellationToken Cancellation { get; internal set; }

    /// <summary>Shows a value richly: HTML for tables (ToHtml), SVG markup as an image, else text.</summary>
    public void Display(object? value)
    {
        router.Flush();
        router.Current?.Display(MimeBundle.For(value));
    }

    /// <summary>Shows raw HTML.</summary>
    public void DisplayHtml(string html)
    {
        router.Flush();
        router.Current?.Display(new JsonObject { ["text/html"] = html, ["text/plain"] = "(HTML)" });
    }
}
