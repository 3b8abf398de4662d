using PrivateEnv.Portable;
using PrivateEnv.Privacy;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// A portable model: architecture JSON plus weights in safetensors. Public: the weights of a model
/// trained with DP-SGD are a DP release, so the release gate lets an export out.
/// </summary>
public sealed class ModelExport : IReleasable
{
    private readonly byte[] weights;

    public ModelExport(string architectureJson, byte[] safeTensorsWeights)
    {
        ArchitectureJson = architectureJson ?? throw new ArgumentNullException(nameof(architectureJson));
        weights = (byte[])(safeTensorsWeights ?? throw new ArgumentNullException(nameof(safeTensorsWeights))).Clone();
    }

    public string ArchitectureJson { get; }

    /// <summary>A copy of the safetensors bytes.</summary>
    public byte[] SafeTensorsWeights => (byte[])weights.Clone();

    /// <summary>Exports a model's architecture and current weights.</summary>
    public static ModelExport From(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = model.NamedTensors.Select(t =>
        {
            var cpu = t.Value.detach().contiguous();
            return new NamedTensor(t.Name, cpu.shape, cpu.data<float>().ToArray());
        }).ToList();
        return new ModelExport(Serialization.ArchitectureJson.Write(model),
            SafeTensors.Write(tensors, new Dictionary<string, string> { ["format"] = Serialization.ArchitectureJson.Format }));
    }

    /// <summary>Builds a new Sequential with this architecture and these weights (e.g. a locally pre-trained model to fine-tune privately).</summary>
    public Sequential ToSequential()
    {
        var model = Serialization.ArchitectureJson.Read(ArchitectureJson);
        model.EnsureBuilt();
        var stored = SafeTensors.Read(weights).Tensors.ToDictionary(t => t.Name);
        using var noGrad = no_grad();
        foreach (var (name, target) in model.NamedTensors)
        {
            if (!stored.TryGetValue(name, out var source))
                throw new InvalidDataException($"The weights have no tensor '{name}' required by the architecture.");
            if (!source.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(", ", source.Shape)}] but the architecture needs [{string.Join(", ", target.shape)}].");
            target.copy_(tensor(source.Data, source.Shape));
        }
        return model;
    }

    /// <summary>
    /// The model wire form (kind "model"): one safetensors blob whose header metadata holds the architecture JSON under
    /// "architecture" (<see cref="PortableModel"/>, from the codec; the release gate exports a model this way).
    /// </summary>
    public PortableModel ToPortable()
    {
        var (tensors, metadata) = SafeTensors.Read(weights);
        return new PortableModel(ArchitectureJson, tensors, metadata);
    }

    /// <summary>A model in the wire form (e.g. exported by a session and decoded without TorchSharp), ready for <see cref="ToSequential"/>.</summary>
    public static ModelExport From(PortableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weightsMetadata = model.Metadata.Where(m => m.Key != PortableModel.ArchitectureKey).ToDictionary();
        return new ModelExport(model.ArchitectureJson, SafeTensors.Write(model.Tensors, weightsMetadata));
    }

    /// <summary>Reads <see cref="ToPortable"/>'s blob back (e.g. a locally trained model imported into a session).</summary>
    public static ModelExport FromPortable(byte[] safetensors) => From(PortableModel.Decode(safetensors));

    public string ToDisplayText()
    {
        var model = Serialization.ArchitectureJson.Read(ArchitectureJson);
        return $"Model export: {model} ({weights.Length:N0} bytes of safetensors weights)";
    }

    public override string ToString() => ToDisplayText();
}
