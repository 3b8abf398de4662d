using System.Net;

namespace PrivateEnv.Client.Rendering;

public static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
