using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrivateEnv.Kernel.Rendering;

/// <summary>Turns local .NET values into Jupyter MIME bundles.</summary>
public static class MimeBundle
{
    public static JsonObject For(object? value)
    {
        var bundle = new JsonObject { ["text/plain"] = PlainText(value) };
        if (value is string svg && svg.TrimStart().StartsWith("<svg", StringComparison.Ordinal))
            bundle["image/svg+xml"] = svg;
        else
        {
            // Library results render themselves: ToHtml (tables, with their charts) and ToSvg (charts).
            foreach (var (method, mime) in (ReadOnlySpan<(string, string)>)[("ToHtml", "text/html"), ("ToSvg", "image/svg+xml")])
                if (value?.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is MethodInfo render
                    && render.ReturnType == typeof(string) && render.Invoke(value, null) is string { Length: > 0 } content)
                    bundle[mime] = content;
        }
        return bundle;
    }

    /// <summary>Readable text: invariant numbers, [a, b] for sequences, JSON for JsonElement.</summary>
    public static string PlainText(object? value) => value switch
    {
        null => "null",
        string s => s,
        JsonElement json => json.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object?>().Select(k => $"{PlainText(k)}: {PlainText(dictionary[k!])}")) + "}",
        IEnumerable sequence when value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object) || value is Array =>
            "[" + string.Join(", ", sequence.Cast<object?>().Take(100).Select(PlainText)) + (sequence.Cast<object?>().Skip(100).Any() ? ", …" : "") + "]",
        _ => value.ToString() ?? "",
    };
}
