using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using static TorchSharp.torch;

namespace PrivateEnv.Learning;

/// <summary>
/// Private features, labels or predictions: an opaque tensor whose values never leave op-libs. It spans every row
/// slot of its dataset (the leading dimension is the dataset's public number of slots) and carries a private mask of
/// the slots that count, so a filter never changes a shape. Only the shape is public. Made from a private frame
/// (<see cref="FrameTensors"/>), by the host (<see cref="Hosting.PrivateTensors"/>) or by predicting on private inputs;
/// tensors of one dataset pair up slot by slot, never by position in a filtered list.
/// </summary>
public sealed class PrivateTensor
{
    private Tensor? maskTensor;

    internal PrivateTensor(Tensor data, RowSpace rows, RowMask mask, IReadOnlyList<string>? classes = null)
    {
        if (data.shape.Length == 0 || data.shape[0] != rows.Size || mask.Size != rows.Size)
            throw new InvalidOperationException("Internal error: a private tensor does not span its row space.");
        Data = data.detach();
        Rows = rows;
        Mask = mask;
        Classes = classes is null ? null : Array.AsReadOnly(classes.ToArray());   // not castable back to a writable array
    }

    /// <summary>For class labels made from a categorical column: its declared categories, in code order (public).</summary>
    internal IReadOnlyList<string>? Classes { get; }

    internal Tensor Data { get; }
    internal RowSpace Rows { get; }
    internal RowMask Mask { get; }
    internal IPrivacyCharger Charger => Rows.Charger;

    /// <summary>The mask as a float tensor of 0/1 per slot.</summary>
    internal Tensor MaskTensor => maskTensor ??= tensor(Mask.Inside.Select(b => (float)b).ToArray());

    /// <summary>Shape: the dataset's number of row slots (public), then the shape of one example.</summary>
    public int[] Shape => Data.shape.Select(d => (int)d).ToArray();

    /// <summary>The shape of one example.</summary>
    public int[] ExampleShape => Shape[1..];

    // Reference equality and the default hash code reveal nothing about the values.
    public override string ToString() => $"PrivateTensor[{string.Join(", ", Shape)}] (values and which slots count are private)";
}
