using System.Text;
using System.Text.Json;

namespace PrivateEnv.Worker;

/// <summary>Decodes PrivateImport payloads (public values the analyst sends in) into .NET values.</summary>
internal static class ImportDecoder
{
    public static (object Value, string CSharpType) Decode(string kind, string encoding, byte[] payload)
    {
        if (kind == "model" && encoding == "safetensors")
            return (PrivateEnv.Learning.ModelExport.FromPortable(payload), "PrivateEnv.Learning.ModelExport");
        if (encoding is not ("" or "json"))
            throw new ArgumentException($"Import kind '{kind}' with encoding '{encoding}' is not supported yet; send json.");
        var json = Encoding.UTF8.GetString(payload);
        return kind switch
        {
            "double" => (JsonSerializer.Deserialize<double>(json), "double"),
            "long" => (JsonSerializer.Deserialize<long>(json), "long"),
            "string" => (JsonSerializer.Deserialize<string>(json) ?? "", "string"),
            "bool" => (JsonSerializer.Deserialize<bool>(json), "bool"),
            "double[]" => (JsonSerializer.Deserialize<double[]>(json) ?? [], "double[]"),
            "long[]" => (JsonSerializer.Deserialize<long[]>(json) ?? [], "long[]"),
            "string[]" => (JsonSerializer.Deserialize<string[]>(json) ?? [], "string[]"),
            "bool[]" => (JsonSerializer.Deserialize<bool[]>(json) ?? [], "bool[]"),
            "double[][]" => (JsonSerializer.Deserialize<double[][]>(json) ?? [], "double[][]"),
            _ => throw new ArgumentException($"Unknown import kind '{kind}'. Use double, long, string, bool, double[], long[], string[], bool[], double[][] (json) or model (safetensors)."),
        };
    }
}
