using System.Text.Json;

namespace PrivateEnv.Portable;

/// <summary>
/// The model wire form: one safetensors blob holding the weights (named float32 tensors with shapes) whose header
/// metadata holds the architecture JSON under "architecture" (kind <see cref="PortableKind.Model"/>). Reading and
/// writing it needs no TorchSharp; PrivateEnv.Learning's <c>ModelExport</c> turns it into a trainable Sequential.
/// Encoding what <see cref="Decode"/> read gives the same bytes for blobs written in F32 (as every PrivateEnv export is).
/// </summary>
public sealed class PortableModel
{
    /// <summary>The header metadata key that holds the architecture JSON.</summary>
    public const string ArchitectureKey = "architecture";

    private readonly Dictionary<string, string> metadata;

    /// <summary>A model from its architecture JSON, its tensors and other header metadata (e.g. "format"), kept in order.</summary>
    public PortableModel(string architectureJson, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(architectureJson);
        ArgumentNullException.ThrowIfNull(tensors);
        if (!IsJsonObject(architectureJson)) throw new ArgumentException("The architecture must be a JSON object.", nameof(architectureJson));
        this.metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [ArchitectureKey] = architectureJson };
        Tensors = tensors.ToList();
    }

    /// <summary>The architecture JSON, as the header metadata holds it.</summary>
    public string ArchitectureJson => metadata[ArchitectureKey];

    /// <summary>The weights, in the order of the header.</summary>
    public IReadOnlyList<NamedTensor> Tensors { get; }

    /// <summary>The header metadata, the architecture included, in the order of the header.</summary>
    public IReadOnlyDictionary<string, string> Metadata => metadata;

    /// <summary>The number of weights (the sum of the tensors' sizes).</summary>
    public long ParameterCount => Tensors.Sum(t => (long)t.Data.Length);

    /// <summary>Reads the wire form; an <see cref="InvalidDataException"/> that quotes no content when it is not one.</summary>
    public static PortableModel Decode(ReadOnlySpan<byte> safetensors)
    {
        var (tensors, metadata) = SafeTensors.Read(safetensors);
        if (!metadata.TryGetValue(ArchitectureKey, out var architecture))
            throw new InvalidDataException("This safetensors blob has no \"architecture\" metadata, so it is not a model; export models with ModelExport.ToPortable().");
        if (!IsJsonObject(architecture)) throw new InvalidDataException("The model's \"architecture\" metadata is not a JSON object.");
        var model = new PortableModel(architecture, tensors);
        model.metadata.Clear();
        foreach (var (key, value) in metadata) model.metadata[key] = value;
        return model;
    }

    /// <summary>The wire form: the tensors as F32 safetensors with this metadata (architecture included) in the header.</summary>
    public byte[] Encode() => SafeTensors.Write(Tensors, metadata);

    /// <summary>The layer kinds of the architecture ("Dense", "Conv2D", …), when it lists them as {"layers": [{"kind": …}]}.</summary>
    public IReadOnlyList<string> LayerKinds
    {
        get
        {
            using var document = JsonDocument.Parse(ArchitectureJson);
            return document.RootElement.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array
                ? layers.EnumerateArray()
                    .Select(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString()! : "?")
                    .ToList()
                : [];
        }
    }

    public override string ToString()
    {
        var layers = LayerKinds;
        return $"Model ({(layers.Count == 0 ? "no layer list" : string.Join(" → ", layers))}): {Tensors.Count} tensors, {ParameterCount:N0} weights";
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException) { return false; }
    }
}
