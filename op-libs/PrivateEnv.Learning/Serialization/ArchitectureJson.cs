using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateEnv.Learning.Layers;

namespace PrivateEnv.Learning.Serialization;

/// <summary>The architecture of a Sequential as JSON: {"format": ..., "layers": [{"kind", "config"}]}.</summary>
internal static class ArchitectureJson
{
    public const string Format = "privateenv.sequential/1";

    public static string Write(Sequential model) => new JsonObject
    {
        ["format"] = Format,
        ["layers"] = new JsonArray(model.Layers.Select(l => (JsonNode)new JsonObject { ["kind"] = l.Kind, ["config"] = l.ToConfig() }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public static Sequential Read(string json)
    {
        JsonObject root;
        try { root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("The architecture JSON is empty."); }
        catch (JsonException e) { throw new InvalidDataException($"The architecture is not valid JSON: {e.Message}"); }
        if (root["format"]?.GetValue<string>() != Format)
            throw new InvalidDataException($"The architecture JSON must have \"format\": \"{Format}\".");
        var layers = root["layers"]?.AsArray() ?? throw new InvalidDataException("The architecture JSON has no \"layers\" array.");
        return new Sequential(layers.Select(l => CreateLayer(l!["kind"]!.GetValue<string>(), l["config"]?.AsObject() ?? new JsonObject())).ToArray());
    }

    private static Layer CreateLayer(string kind, JsonObject c)
    {
        int I(string key, int fallback = 0) => c[key]?.GetValue<int>() ?? fallback;
        double D(string key, double fallback) => c[key]?.GetValue<double>() ?? fallback;
        string? S(string key) => c[key]?.GetValue<string>();
        bool B(string key, bool fallback) => c[key]?.GetValue<bool>() ?? fallback;
        int[]? Shape(string key) => c[key] is JsonArray a ? a.Select(d => d!.GetValue<int>()).ToArray() : null;
        var input = Shape("input_shape");
        return kind switch
        {
            "Dense" => new Dense(I("units"), S("activation"), B("use_bias", true), input),
            "Conv1D" => new Conv1D(I("filters"), I("kernel_size"), I("strides", 1), I("padding"), S("activation"), I("dilation", 1), B("use_bias", true), input),
            "Conv2D" => new Conv2D(I("filters"), I("kernel_size"), I("strides", 1), I("padding"), S("activation"), I("dilation", 1), B("use_bias", true), input),
            "MaxPool1D" => new MaxPool1D(I("pool_size", 2), I("strides", I("pool_size", 2)), I("padding"), input),
            "MaxPool2D" => new MaxPool2D(I("pool_size", 2), I("strides", I("pool_size", 2)), I("padding"), input),
            "AveragePool1D" => new AveragePool1D(I("pool_size", 2), I("strides", I("pool_size", 2)), I("padding"), input),
            "AveragePool2D" => new AveragePool2D(I("pool_size", 2), I("strides", I("pool_size", 2)), I("padding"), input),
            "GlobalAveragePooling1D" => new GlobalAveragePooling1D(input),
            "GlobalAveragePooling2D" => new GlobalAveragePooling2D(input),
            "Flatten" => new Flatten(input),
            "Reshape" => new Reshape(Shape("target_shape") ?? throw new InvalidDataException("Reshape needs target_shape."), input),
            "Dropout" => new Dropout(D("rate", 0), input),
            "Activation" => new Activation(S("name") ?? "linear", input),
            "LayerNorm" => new LayerNorm(D("epsilon", 1e-5), input),
            "GroupNorm" => new GroupNorm(I("groups", 1), D("epsilon", 1e-5), input),
            "Embedding" => new Embedding(I("input_dim"), I("output_dim"), input),
            "BatchNorm" => new BatchNorm(D("momentum", 0.1), D("epsilon", 1e-5), input),
            _ => throw new InvalidDataException($"Unknown layer kind '{kind}' in the architecture JSON."),
        };
    }
}
