using System.Net;

namespace PrivateEnv.Kernel.Rendering;

internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
