using System.Text.Json.Nodes;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client.Rendering;

/// <summary>
/// The server's display MIME bundle as a Jupyter data dict: text types (text/html tables,
/// image/svg+xml charts) pass through unchanged, binary types (image/png) are base64 as Jupyter expects.
/// </summary>
public static class RemoteDisplay
{
    public static JsonObject Bundle(DisplayData display)
    {
        var bundle = new JsonObject();
        foreach (var (mime, text) in display.Text) bundle[mime] = text;
        foreach (var (mime, bytes) in display.Binary) bundle[mime] = Convert.ToBase64String(bytes.Span);
        // Jupyter frontends fall back to text/plain; keep one even when the server sent only rich types.
        if (!bundle.ContainsKey("text/plain")) bundle["text/plain"] = display.Text.ContainsKey("image/svg+xml") ? "(chart)" : "(display)";
        return bundle;
    }
}
