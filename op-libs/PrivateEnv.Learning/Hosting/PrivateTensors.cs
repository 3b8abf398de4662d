using PrivateEnv.Privacy;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Hosting;

/// <summary>Host-only factories that make private tensors for a session. Not for cells.</summary>
public static class PrivateTensors
{
    /// <summary>Features (or numeric labels) from a flat array in row-major order; shape includes the example dimension.</summary>
    public static PrivateTensor FromArray(float[] values, int[] shape, IPrivacyCharger charger)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => a * d) != values.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] does not hold {values.Length} values.", nameof(shape));
        return new PrivateTensor(tensor(values, shape.Select(d => (long)d).ToArray()), charger);
    }

    /// <summary>Class labels 0..k-1, one per example.</summary>
    public static PrivateTensor FromClassLabels(long[] labels, IPrivacyCharger charger)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new PrivateTensor(tensor(labels, new long[] { labels.Length }), charger);
    }

    /// <summary>
    /// Images from an IDX file as float features in [0, 1] (value/255), shape [n, 1, height, width]
    /// for rank-3 files; optionally standardised with public constants (e.g. the dataset's known mean/std).
    /// </summary>
    public static PrivateTensor ImagesFromIdx(string path, IPrivacyCharger charger, float mean = 0f, float std = 1f)
    {
        var contents = IdxFile.Read(path);
        var values = new float[contents.Data.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (contents.Data[i] / 255f - mean) / std;
        var shape = contents.Shape.Length == 3 ? new[] { contents.Shape[0], 1, contents.Shape[1], contents.Shape[2] } : contents.Shape;
        return FromArray(values, shape, charger);
    }

    /// <summary>Class labels from a rank-1 IDX file.</summary>
    public static PrivateTensor LabelsFromIdx(string path, IPrivacyCharger charger)
    {
        var contents = IdxFile.Read(path);
        if (contents.Shape.Length != 1) throw new InvalidDataException($"{path} has rank {contents.Shape.Length}; a label file has rank 1.");
        return FromClassLabels(contents.Data.Select(b => (long)b).ToArray(), charger);
    }
}
