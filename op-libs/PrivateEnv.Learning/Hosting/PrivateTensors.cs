using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Hosting;

/// <summary>
/// Host-only factories that make private tensors for a session. Not for cells. The host states the dataset's
/// published row count: the leading dimension is that many slots and is public (as a declared "rows" would be).
/// Tensors made by separate calls belong to separate datasets; use <see cref="FromArrays(float[], int[], float[], int[], PrivateEnv.Privacy.IPrivacyCharger)"/> for features and labels
/// of the same rows.
/// </summary>
public static class PrivateTensors
{
    /// <summary>Features (or numeric labels) from a flat array in row-major order; shape includes the example dimension.</summary>
    public static PrivateTensor FromArray(float[] values, int[] shape, IPrivacyCharger charger) =>
        FromArrays(values, shape, null, charger).Features;

    /// <summary>Class labels 0..k-1, one per example (a dataset of its own).</summary>
    public static PrivateTensor FromClassLabels(long[] labels, IPrivacyCharger charger)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rows = Space(labels.Length, charger);
        return new PrivateTensor(tensor(labels, new long[] { labels.Length }), rows, RowMask.Population(labels.Length, labels.Length));
    }

    /// <summary>Features and (optionally) class labels of the same rows: one dataset, so they pair up in a loader.</summary>
    public static (PrivateTensor Features, PrivateTensor? Labels) FromArrays(float[] values, int[] shape, long[]? labels, IPrivacyCharger charger)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => a * d) != values.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] does not hold {values.Length} values.", nameof(shape));
        if (labels is not null && labels.Length != shape[0])
            throw new ArgumentException($"There are {labels.Length} labels for {shape[0]} examples.", nameof(labels));
        var rows = Space(shape[0], charger);
        var population = RowMask.Population(shape[0], shape[0]);
        var features = new PrivateTensor(tensor(values, shape.Select(d => (long)d).ToArray()), rows, population);
        var classes = labels is null ? null : new PrivateTensor(tensor(labels, new long[] { labels.Length }), rows, population);
        return (features, classes);
    }

    /// <summary>Features and numeric targets (flat, row-major, shape [n, …]) of the same rows.</summary>
    public static (PrivateTensor Features, PrivateTensor Targets) FromArrays(float[] values, int[] shape, float[] targets, int[] targetShape, IPrivacyCharger charger)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(targetShape);
        var (features, _) = FromArrays(values, shape, null, charger);
        if (targetShape.Length == 0 || targetShape[0] != shape[0] || targetShape.Aggregate(1L, (a, d) => a * d) != targets.Length)
            throw new ArgumentException($"Target shape [{string.Join(", ", targetShape)}] does not hold {targets.Length} values for {shape[0]} examples.", nameof(targetShape));
        return (features, new PrivateTensor(tensor(targets, targetShape.Select(d => (long)d).ToArray()), features.Rows, features.Mask));
    }

    /// <summary>
    /// Images and labels from IDX files (one dataset): float features in [0, 1] (value/255), shape [n, 1, height, width]
    /// for rank-3 files, optionally standardised with public constants (e.g. the dataset's known mean/std).
    /// </summary>
    public static (PrivateTensor Images, PrivateTensor Labels) FromIdx(string imagesPath, string labelsPath, IPrivacyCharger charger, float mean = 0f, float std = 1f)
    {
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (labels.Shape.Length != 1) throw new InvalidDataException($"{labelsPath} has rank {labels.Shape.Length}; a label file has rank 1.");
        var values = new float[images.Data.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (images.Data[i] / 255f - mean) / std;
        var shape = images.Shape.Length == 3 ? new[] { images.Shape[0], 1, images.Shape[1], images.Shape[2] } : images.Shape;
        var (features, classes) = FromArrays(values, shape, labels.Data.Select(b => (long)b).ToArray(), charger);
        return (features, classes!);
    }

    private static RowSpace Space(int rows, IPrivacyCharger charger) => new(charger, rows, 1, rows);
}
