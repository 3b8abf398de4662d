using PrivateEnv.Learning.Layers;

namespace PrivateEnv.Learning;

/// <summary>The seed scenarios' architectures, ready to use from cells.</summary>
public static class SeedModels
{
    /// <summary>
    /// The seed's (M)NIST CNN (as in Opacus' MNIST example): Conv2D 16 k8 s2 p3 → MaxPool 2 s1 →
    /// Conv2D 32 k4 s2 → MaxPool 2 s1 → Flatten → Dense 32 → Dense 10, ReLU activations, logits out.
    /// </summary>
    public static Sequential FashionMnistCnn() => new(
        new Conv2D(16, 8, strides: 2, padding: 3, activation: "relu", inputShape: new[] { 1, 28, 28 }),
        new MaxPool2D(2, strides: 1),
        new Conv2D(32, 4, strides: 2, activation: "relu"),
        new MaxPool2D(2, strides: 1),
        new Flatten(),
        new Dense(32, "relu"),
        new Dense(10));
}
