using static TorchSharp.torch;

namespace PrivateEnv.Learning.Layers;

/// <summary>Activation functions by Keras name. Softmax and log-softmax act on the last dimension.</summary>
internal static class Activations
{
    public static readonly string[] Names =
        { "linear", "relu", "tanh", "sigmoid", "softmax", "log_softmax", "gelu", "elu", "selu", "softplus", "leaky_relu", "silu", "swish" };

    /// <summary>Normalises and validates a name; null or "linear" mean identity.</summary>
    public static string Normalise(string? name)
    {
        var key = (name ?? "linear").Trim().ToLowerInvariant();
        if (!Names.Contains(key))
            throw new ArgumentException($"Unknown activation '{name}'. Use one of: {string.Join(", ", Names)}.", nameof(name));
        return key == "swish" ? "silu" : key;
    }

    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "linear" => x,
        "relu" => nn.functional.relu(x),
        "tanh" => x.tanh(),
        "sigmoid" => x.sigmoid(),
        "softmax" => x.softmax(-1),
        "log_softmax" => x.log_softmax(-1),
        "gelu" => nn.functional.gelu(x),
        "elu" => nn.functional.elu(x, 1.0),
        "selu" => nn.functional.selu(x),
        "softplus" => nn.functional.softplus(x),
        "leaky_relu" => nn.functional.leaky_relu(x, 0.01),
        "silu" => nn.functional.silu(x),
        _ => throw new ArgumentException($"Unknown activation '{name}'."),
    };
}
