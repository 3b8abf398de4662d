using PrivateEnv.Learning;

namespace PrivateEnv.Kernel.Remote;

/// <summary>A local model (built or trained in a local cell) in the portable form a session imports: architecture JSON + safetensors.</summary>
public static class ModelImport
{
    public static (string Type, string Encoding, byte[] Payload)? ToPortable(object value) => value switch
    {
        Sequential model => ModelExport.From(model).ToPortable(),
        PrivateKerasModel model => model.Export().ToPortable(),
        ModelExport export => export.ToPortable(),
        _ => null,
    };
}
