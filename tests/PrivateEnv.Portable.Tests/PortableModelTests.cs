using System.Text;

namespace PrivateEnv.Portable.Tests;

public class PortableModelTests
{
    private const string Architecture = """{"format":"privateenv.sequential/1","layers":[{"kind":"Dense","config":{"units":2}},{"kind":"Activation","config":{"name":"relu"}}]}""";

    private static readonly NamedTensor[] Weights = [new("layers.0.weight", [2, 2], [1, 2, 3, 4]), new("layers.0.bias", [2], [0, 1])];

    [Fact]
    public void The_wire_form_is_safetensors_with_the_architecture_in_the_header_metadata()
    {
        var model = new PortableModel(Architecture, Weights, new Dictionary<string, string> { ["format"] = "privateenv.sequential/1" });
        var blob = model.Encode();
        var (tensors, metadata) = SafeTensors.Read(blob);
        Assert.Equal(["format", "architecture"], metadata.Keys);
        Assert.Equal(Architecture, metadata["architecture"]);
        Assert.Equal(["layers.0.weight", "layers.0.bias"], tensors.Select(t => t.Name));
        // What ModelExport.ToPortable() wrote before the codec: the weights' metadata, then the architecture.
        Assert.Equal(SafeTensors.Write(Weights, new Dictionary<string, string> { ["format"] = "privateenv.sequential/1", ["architecture"] = Architecture }), blob);

        var decoded = PortableModel.Decode(blob);
        Assert.Equal(Architecture, decoded.ArchitectureJson);
        Assert.Equal(blob, decoded.Encode());
        Assert.Equal(6, decoded.ParameterCount);
        Assert.Equal(["Dense", "Activation"], decoded.LayerKinds);
        Assert.Equal("Model (Dense → Activation): 2 tensors, 6 weights", decoded.ToString());
    }

    [Fact]
    public void Decoding_keeps_the_header_order_so_the_bytes_come_back_unchanged()
    {
        var blob = SafeTensors.Write(Weights, new Dictionary<string, string> { ["architecture"] = Architecture, ["note"] = "x" });
        Assert.Equal(blob, PortableModel.Decode(blob).Encode());
    }

    [Fact]
    public void Safetensors_without_an_architecture_is_not_a_model()
    {
        var error = Assert.Throws<InvalidDataException>(() => PortableModel.Decode(SafeTensors.Write(Weights)));
        Assert.Contains("no \"architecture\" metadata", error.Message);
        Assert.Throws<ArgumentException>(() => new PortableModel("[1]", Weights));
        Assert.Throws<ArgumentException>(() => new PortableModel(Encoding.UTF8.GetString("{"u8), Weights));
    }
}
