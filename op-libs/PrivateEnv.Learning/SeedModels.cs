using PrivateEnv.Learning.Layers;

namespace PrivateEnv.Learning;

/// <summary>The seed scenarios' architectures, ready to use from cells.</summary>
public static class SeedModels
{
    /// <summary>
    /// The seed's (M)NIST CNN (as in Opacus' MNIST example): Conv2D 16 k8 s2 p3 → MaxPool 2 s1 →
    /// Conv2D 32 k4 s2 → MaxPool 2 s1 → Flatten → Dense 32 → Dense 10, logits out. ReLU as in the seed;
    /// "tanh" trains better under DP-SGD (bounded activations keep gradients near the clip norm:
    /// Papernot et al. 2021, "Tempered Sigmoid Activations for Deep Learning with Differential Privacy").
    /// </summary>
    public static Sequential FashionMnistCnn(string activation = "relu") => new(
        new Conv2D(16, 8, strides: 2, padding: 3, activation: activation, inputShape: new[] { 1, 28, 28 }),
        new MaxPool2D(2, strides: 1),
        new Conv2D(32, 4, strides: 2, activation: activation),
        new MaxPool2D(2, strides: 1),
        new Flatten(),
        new Dense(32, activation),
        new Dense(10));
}
