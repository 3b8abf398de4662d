using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PrivateEnv.Privacy.Filters;

/// <summary>
/// What a filter keeps of the charges it admitted: a summary of constant size, so deciding the next charge costs the
/// same after ten charges as after ten thousand. Immutable. <see cref="ToJson"/> is stable (invariant culture,
/// round-trip doubles), so a ledger can store the state with the session and read back the same bits.
/// </summary>
public abstract class FilterState
{
    private protected FilterState(string filter, long admitted)
    {
        Filter = filter;
        Admitted = admitted;
    }

    /// <summary>The name of the filter that made the state ("basic" or "renyi").</summary>
    public string Filter { get; }

    /// <summary>How many charges the state summarises.</summary>
    public long Admitted { get; }

    public abstract string ToJson();

    public override string ToString() => ToJson();
}

/// <summary>A filter's decision on one charge, and the state after it (unchanged when the charge was refused).</summary>
public sealed record FilterStep(FilterDecision Decision, FilterState State);

/// <summary>Writes and reads filter states as JSON objects {"filter": …, "admitted": n, …}.</summary>
internal static class FilterStateJson
{
    public static string Write(string filter, long admitted, Action<Utf8JsonWriter> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("filter", filter);
            writer.WriteNumber("admitted", admitted);
            writeFields(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteDouble(writer, value);
    }

    /// <summary>"R" gives back the same bits when parsed; JSON has no literal for ∞ or NaN, so those are written as strings.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (double.IsFinite(value)) writer.WriteRawValue(text);
        else writer.WriteStringValue(text);
    }

    /// <summary>Parses <paramref name="json"/>, checks it is a state of <paramref name="filter"/>, and hands its root to <paramref name="read"/>.</summary>
    public static T Read<T>(string json, string filter, Func<JsonElement, long, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var kind = root.GetProperty("filter").GetString();
            if (kind != filter) throw new FormatException($"This is the state of a '{kind}' filter, not of a '{filter}' filter.");
            var admitted = root.GetProperty("admitted").GetInt64();
            if (admitted < 0) throw new FormatException($"A state cannot summarise {admitted} charges.");
            return read(root, admitted);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"Not a valid '{filter}' filter state: {e.Message}", e);
        }
    }

    public static double ReadDouble(JsonElement element, string name) => ReadDouble(element.GetProperty(name));

    public static double ReadDouble(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String => double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"Expected a number, got {element.ValueKind}."),
    };
}
