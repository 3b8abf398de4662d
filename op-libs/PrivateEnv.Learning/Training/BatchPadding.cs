using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// Rounds a Poisson batch up to a multiple of <see cref="Granularity"/> rows by repeating its first
/// example, with a 0/1 mask that zeroes the copies' clipping factors. The released sum is unchanged;
/// tensors then come in a few sizes, which the native allocator reuses instead of fragmenting on
/// every new batch size (measured with 32: a DP epoch's resident-memory growth fell from about 245 MB to
/// about 160 MB). 8 keeps that (growth 92–102 MB vs 89 with 32, seed CNN, batch 250) and pads 1.6 % of rows
/// instead of 7 % (DP epoch 6.5–6.7 s vs 7.2–7.6 s).
/// </summary>
internal static class BatchPadding
{
    public const int Granularity = 8;

    public static (Tensor Indices, Tensor? Mask) Pad(Tensor indices)
    {
        var size = indices.shape[0];
        var padded = (size + Granularity - 1) / Granularity * Granularity;
        if (size == 0 || padded == size) return (indices, null);
        var copies = indices.narrow(0, 0, 1).expand(padded - size);
        var mask = cat(new[] { ones(size), zeros(padded - size) });
        return (cat(new[] { indices, copies }), mask);
    }
}
