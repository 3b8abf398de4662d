using PrivateEnv.Privacy;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// Private features, labels or predictions: an opaque tensor whose values never leave op-libs.
/// Only the shape is public (the number of examples is public in DP-SGD, which samples with q = batch/n).
/// Made by the host (<see cref="Hosting.PrivateTensors"/>) or by predicting on private inputs; it carries
/// the charger of the session its data belongs to.
/// </summary>
public sealed class PrivateTensor
{
    internal PrivateTensor(Tensor data, IPrivacyCharger charger)
    {
        Data = data.detach();
        Charger = charger ?? throw new ArgumentNullException(nameof(charger));
    }

    internal Tensor Data { get; }
    internal IPrivacyCharger Charger { get; }

    /// <summary>Shape including the leading example dimension.</summary>
    public int[] Shape => Data.shape.Select(d => (int)d).ToArray();

    /// <summary>Number of examples.</summary>
    public int Count => (int)Data.shape[0];

    // Reference equality and the default hash code reveal nothing about the values.
    public override string ToString() => $"PrivateTensor[{string.Join(", ", Shape)}]";
}
