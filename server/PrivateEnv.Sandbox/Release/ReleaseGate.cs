using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using PrivateEnv.Portable;
using PrivateEnv.Privacy;

namespace PrivateEnv.Sandbox.Release;

/// <summary>
/// The one gate every output passes: printed text, displays, exports, the cell's value and
/// error text. Only releasable values pass: primitives, strings, dates, enums, DP results
/// (<see cref="IReleasable"/>), and arrays, lists, dictionaries, tuples and cell-defined
/// records made of those. Anything else — private frames, series, tensors, library objects —
/// is refused with a message that says what to do instead.
/// </summary>
public static class ReleaseGate
{
    private const int MaxDepth = 8;
    private const int MaxElements = 100_000;

    /// <summary>Assemblies whose types are cell code (records etc.); set by the host.</summary>
    public static Func<Assembly, bool> IsCellAssembly { get; set; } = _ => false;

    public static string ToText(object? value)
    {
        var text = new StringBuilder();
        Render(value, text, 0);
        return text.ToString();
    }

    public static IReadOnlyDictionary<string, string> ToMimeBundle(object? value)
    {
        var bundle = new Dictionary<string, string> { ["text/plain"] = ToText(value) };
        if (value is IReleasable releasable)
        {
            foreach (var (method, mime) in (ReadOnlySpan<(string, string)>)[("ToHtml", "text/html"), ("ToSvg", "image/svg+xml")])
            {
                var rich = releasable.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
                if (rich?.ReturnType == typeof(string) && rich.Invoke(releasable, null) is string content && content.Length > 0)
                    bundle[mime] = content;
            }
        }
        return bundle;
    }

    /// <summary>
    /// A portable encoding of a releasable value, by the codec's kind table (the same kinds an import decodes):
    /// a model (a releasable with <c>ToPortable()</c>, e.g. ModelExport) as safetensors, a public table (<c>ToCsv()</c>)
    /// as CSV, null, scalars, dates, arrays and double[][] by <see cref="PortableValues"/>, and every other releasable
    /// value as a JSON record. Nothing passes that <see cref="ToText"/> would refuse.
    /// </summary>
    public static PortableValue Encode(object? value)
    {
        if (value is IReleasable releasable)
        {
            var type = releasable.GetType();
            if (type.GetMethod("ToPortable", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(releasable, null) is PortableModel model)
                return PortableValues.Encode(model);
            if (type.GetMethod("ToCsv", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(releasable, null) is string table)
                return new PortableValue(PortableKind.Table, PortableEncoding.Csv, Encoding.UTF8.GetBytes(table));
        }
        // Only the plain kinds come from the codec; a PortableTable or PortableModel object itself is no releasable value.
        if (PortableValues.KindOf(value) is var kind && kind.Info().Encoding == PortableEncoding.Json && kind != PortableKind.Record)
        {
            CheckElements(value);
            return PortableValues.Encode(value);
        }
        // Everything else is a record; a releasable one keeps its type name for display ("PublicTrainingHistory").
        var json = new StringBuilder();
        WriteJson(value, json, 0);
        return new PortableValue(PortableKind.Record, PortableEncoding.Json, Encoding.UTF8.GetBytes(json.ToString()))
        {
            TypeName = value is IReleasable ? value.GetType().Name : "",
        };
    }

    /// <summary>The element limit of <see cref="WriteJson"/>, for the arrays the codec writes.</summary>
    private static void CheckElements(object? value)
    {
        if (value is not Array array) return;
        if (array.Length > MaxElements) throw TooMany();
        foreach (var row in array)
            if (row is Array { Length: > MaxElements }) throw TooMany();
    }

    private static void Render(object? value, StringBuilder text, int depth)
    {
        if (depth > MaxDepth) throw new ReleaseRefusedException("This value nests too deeply to release (more than 8 levels).");
        switch (value)
        {
            case null: text.Append("null"); return;
            case string s: text.Append(s); return;
            case bool b: text.Append(b ? "true" : "false"); return;
            case char c: text.Append(c); return;
            case double d: text.Append(d.ToString("G", CultureInfo.InvariantCulture)); return;
            case float f: text.Append(f.ToString("G", CultureInfo.InvariantCulture)); return;
            case decimal m: text.Append(m.ToString(CultureInfo.InvariantCulture)); return;
            case Enum e: text.Append(e.ToString()); return;
            case IFormattable formattable when IsPlainScalar(value.GetType()):
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture)); return;
            case IReleasable releasable: text.Append(releasable.ToDisplayText()); return;
            case ITuple tuple when value.GetType().Assembly == typeof(object).Assembly:
                text.Append('(');
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (i > 0) text.Append(", ");
                    Render(tuple[i], text, depth + 1);
                }
                text.Append(')');
                return;
            case IDictionary dictionary when IsBclOrCell(value.GetType()):
                text.Append('{');
                var first = true;
                var count = 0;
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (++count > MaxElements) throw TooMany();
                    if (!first) text.Append(", ");
                    first = false;
                    Render(entry.Key, text, depth + 1);
                    text.Append(": ");
                    Render(entry.Value, text, depth + 1);
                }
                text.Append('}');
                return;
            case IEnumerable sequence when IsBclOrCell(value.GetType()):
                text.Append('[');
                var n = 0;
                foreach (var item in sequence)
                {
                    if (++n > MaxElements) throw TooMany();
                    if (n > 1) text.Append(", ");
                    Render(item, text, depth + 1);
                }
                text.Append(']');
                return;
        }
        var type = value.GetType();
        if (IsCellAssembly(type.Assembly) && !type.IsSubclassOf(typeof(Delegate)))
        {
            RenderRecord(value, type, text, depth);
            return;
        }
        throw Refuse(type);
    }

    private static void RenderRecord(object value, Type type, StringBuilder text, int depth)
    {
        text.Append(type.Name).Append(" { ");
        var first = true;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            if (!first) text.Append(", ");
            first = false;
            text.Append(property.Name).Append(" = ");
            Render(property.GetValue(value), text, depth + 1);
        }
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!first) text.Append(", ");
            first = false;
            text.Append(field.Name).Append(" = ");
            Render(field.GetValue(value), text, depth + 1);
        }
        text.Append(" }");
    }

    private static void WriteJson(object? value, StringBuilder json, int depth)
    {
        if (depth > MaxDepth) throw new ReleaseRefusedException("This value nests too deeply to export (more than 8 levels).");
        switch (value)
        {
            case null: json.Append("null"); return;
            case string s: json.Append(JsonSerializer.Serialize(s)); return;
            case char c: json.Append(JsonSerializer.Serialize(c.ToString())); return;
            case bool b: json.Append(b ? "true" : "false"); return;
            case double d: json.Append(double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : JsonSerializer.Serialize(d.ToString(CultureInfo.InvariantCulture))); return;
            case float f: WriteJson((double)f, json, depth); return;
            case decimal m: json.Append(m.ToString(CultureInfo.InvariantCulture)); return;
            case Enum e: json.Append(JsonSerializer.Serialize(e.ToString())); return;
            case DateTime dt: json.Append(JsonSerializer.Serialize(dt.ToString("O", CultureInfo.InvariantCulture))); return;
            case DateOnly date: json.Append(JsonSerializer.Serialize(date.ToString("O", CultureInfo.InvariantCulture))); return;
            case IFormattable formattable when IsPlainScalar(value.GetType()):
                var text = formattable.ToString(null, CultureInfo.InvariantCulture);
                json.Append(IsInteger(value) ? text : JsonSerializer.Serialize(text));
                return;
            case IReleasable releasable: json.Append(JsonSerializer.Serialize(releasable.ToDisplayText())); return;
            case ITuple tuple when value.GetType().Assembly == typeof(object).Assembly:
                json.Append('[');
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (i > 0) json.Append(',');
                    WriteJson(tuple[i], json, depth + 1);
                }
                json.Append(']');
                return;
            case IDictionary dictionary when IsBclOrCell(value.GetType()):
                json.Append('{');
                var first = true;
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (!first) json.Append(',');
                    first = false;
                    json.Append(JsonSerializer.Serialize(ToText(entry.Key))).Append(':');
                    WriteJson(entry.Value, json, depth + 1);
                }
                json.Append('}');
                return;
            case IEnumerable sequence when IsBclOrCell(value.GetType()):
                json.Append('[');
                var n = 0;
                foreach (var item in sequence)
                {
                    if (++n > MaxElements) throw TooMany();
                    if (n > 1) json.Append(',');
                    WriteJson(item, json, depth + 1);
                }
                json.Append(']');
                return;
        }
        var type = value.GetType();
        if (!IsCellAssembly(type.Assembly) || type.IsSubclassOf(typeof(Delegate))) throw Refuse(type);
        json.Append('{');
        var firstMember = true;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            if (!firstMember) json.Append(',');
            firstMember = false;
            json.Append(JsonSerializer.Serialize(property.Name)).Append(':');
            WriteJson(property.GetValue(value), json, depth + 1);
        }
        json.Append('}');
    }

    private static bool IsInteger(object value) => value is int or long or short or byte or sbyte or uint or ulong or ushort;

    private static bool IsPlainScalar(Type type) =>
        type.IsPrimitive || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(Half);

    /// <summary>Collections from the base library or the cell itself; never a library's private type.</summary>
    private static bool IsBclOrCell(Type type)
    {
        if (type.IsArray) return true;
        var assembly = type.Assembly;
        if (IsCellAssembly(assembly)) return true;
        var name = assembly.GetName().Name ?? "";
        return name is "System.Private.CoreLib" or "System.Collections" or "System.Linq" or "System.Runtime" or "System.Collections.Immutable";
    }

    private static ReleaseRefusedException TooMany() => new($"This value has more than {MaxElements:N0} elements; release a summary instead.");

    private static ReleaseRefusedException Refuse(Type type)
    {
        var name = type.Name;
        var hint = name switch
        {
            "PrivateDataFrame" or "PrivateSeries" => " Ask a DP statistic instead, e.g. df[\"age\"].Mean(eps: 0.5) or df.Describe(eps: 1.0).",
            _ when name.StartsWith("Private", StringComparison.Ordinal) => " Private values stay on the server; release DP results instead (its public description prints with $\"{value}\").",
            _ => " Only primitives, strings, dates, DP results and collections or records of those can leave the server.",
        };
        return new ReleaseRefusedException($"A {name} cannot leave the server.{hint}");
    }
}
