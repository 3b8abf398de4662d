using System.Text;
using System.Text.Json;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client;

/// <summary>Values exported by cells, by name, decoded on demand into .NET types.</summary>
public sealed class ExportStore
{
    private readonly Dictionary<string, ExportValue> values = new(StringComparer.Ordinal);

    internal void Add(ExportValue value)
    {
        lock (values) values[value.Name] = value;
    }

    public IReadOnlyCollection<string> Names
    {
        get { lock (values) return values.Keys.ToList(); }
    }

    public bool Contains(string name)
    {
        lock (values) return values.ContainsKey(name);
    }

    /// <summary>The raw export (kind, encoding, payload).</summary>
    public ExportValue Raw(string name)
    {
        lock (values)
            return values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No export named '{name}'. Exports: {string.Join(", ", values.Keys)}.");
    }

    /// <summary>
    /// An export as the codec decodes it (<see cref="ExportDecoder"/>), with its kind's .NET type: double, double[], DateTime,
    /// …, a JsonElement for a record, a <see cref="PortableTable"/>, a <see cref="PortableModel"/>.
    /// </summary>
    public (object? Value, Type Type) Decode(string name) => ExportDecoder.Decode(Raw(name));

    /// <summary>Decodes a JSON export as <typeparamref name="T"/> (double, double[], records, …); CSV tables as string.</summary>
    public T Get<T>(string name)
    {
        var raw = Raw(name);
        var text = Encoding.UTF8.GetString(raw.Payload.Span);
        if (raw.Encoding != ValueEncoding.Json)
        {
            if (typeof(T) == typeof(string) && raw.Encoding == ValueEncoding.Csv) return (T)(object)text;
            throw new InvalidCastException($"Export '{name}' is a {raw.Kind.Name()} encoded as {raw.Encoding.Name()}; read it with Decode() or Raw().");
        }
        return JsonSerializer.Deserialize<T>(text, JsonOptions)
            ?? throw new InvalidCastException($"Export '{name}' is null.");
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals | System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString };
}
