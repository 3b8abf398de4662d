using System.Text;
using System.Text.Json;
using PrivateEnv.Learning;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Kernel.Remote;

/// <summary>Turns an <see cref="ExportValue"/> into the .NET value and type a local variable gets.</summary>
public static class ExportDecoder
{
    public static (object? Value, Type Type) Decode(ExportValue export)
    {
        var bytes = export.Payload.ToByteArray();
        if (export.Encoding == "csv")
            return (PublicTable.ParseCsv(Encoding.UTF8.GetString(bytes)), typeof(PublicTable));
        if (export.Type == "model" && export.Encoding == "safetensors")
            return (ModelExport.FromPortable(bytes), typeof(ModelExport));
        if (export.Encoding != "json")
            return (bytes, typeof(byte[])); // safetensors and other binary encodings: the raw bytes.

        var json = Encoding.UTF8.GetString(bytes);
        try
        {
            return export.Type switch
            {
                "double" => (JsonSerializer.Deserialize<double>(json, Options), typeof(double)),
                "long" => (JsonSerializer.Deserialize<long>(json, Options), typeof(long)),
                "bool" => (JsonSerializer.Deserialize<bool>(json, Options), typeof(bool)),
                "string" => (JsonSerializer.Deserialize<string>(json, Options), typeof(string)),
                "datetime" => (JsonSerializer.Deserialize<DateTime>(json, Options), typeof(DateTime)),
                "double[]" => (JsonSerializer.Deserialize<double[]>(json, Options), typeof(double[])),
                "long[]" => (JsonSerializer.Deserialize<long[]>(json, Options), typeof(long[])),
                "string[]" => (JsonSerializer.Deserialize<string[]>(json, Options), typeof(string[])),
                "bool[]" => (JsonSerializer.Deserialize<bool[]>(json, Options), typeof(bool[])),
                // Records, DP result objects and anything else in JSON: keep the document as sent.
                _ => (JsonDocument.Parse(json).RootElement.Clone(), typeof(JsonElement)),
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Export '{export.Name}' claims type {export.Type} but its JSON does not match ({e.Message}).");
        }
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
