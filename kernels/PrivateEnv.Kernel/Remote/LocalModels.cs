using PrivateEnv.Learning;
using PrivateEnv.Portable;

namespace PrivateEnv.Kernel.Remote;

/// <summary>
/// Where the kernel's wire side meets local training (PrivateEnv.Learning, TorchSharp): a local model becomes the wire
/// form a session imports, and a model exported by a session (a <see cref="PortableModel"/>) becomes a Sequential in a
/// local cell (<c>dpModel.ToSequential()</c>). Decoding and encoding wire values needs none of this.
/// </summary>
public static class LocalModels
{
    /// <summary>The wire form of a local model (Sequential, PrivateKerasModel, ModelExport); null for other values.</summary>
    public static PortableModel? ToPortable(object value) => value switch
    {
        Sequential model => ModelExport.From(model).ToPortable(),
        PrivateKerasModel model => model.Export().ToPortable(),
        ModelExport export => export.ToPortable(),
        _ => null,
    };

    /// <summary>A new Sequential with the model's architecture and weights (to predict or train further locally).</summary>
    public static Sequential ToSequential(this PortableModel model) => ModelExport.From(model).ToSequential();

    /// <summary>The model as Learning's <see cref="ModelExport"/> (architecture JSON and safetensors weights).</summary>
    public static ModelExport ToModelExport(this PortableModel model) => ModelExport.From(model);
}
