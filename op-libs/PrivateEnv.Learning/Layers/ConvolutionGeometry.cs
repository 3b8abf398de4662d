namespace PrivateEnv.Learning.Layers;

internal static class ConvolutionGeometry
{
    /// <summary>Padding value meaning "same": the output keeps the input length (stride 1, odd kernel).</summary>
    public const int Same = -1;

    public static int ResolvePadding(int padding, int kernelSize, int strides, int dilation, string kind)
    {
        if (padding >= 0) return padding;
        if (padding != Same) throw new ArgumentOutOfRangeException(nameof(padding), $"{kind} padding must be ≥ 0 or {kind}.Same.");
        if (strides != 1 || kernelSize % 2 == 0)
            throw new ArgumentException($"{kind} 'same' padding needs stride 1 and an odd kernel size; give an explicit padding instead.");
        return dilation * (kernelSize - 1) / 2;
    }

    public static void Validate(int filters, int kernelSize, int strides, int dilation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(strides);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilation);
    }
}
