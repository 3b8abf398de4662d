namespace PrivateEnv.Privacy.Accounting.Pld;

/// <summary>In-place iterative radix-2 Cooley–Tukey FFT on split real/imaginary arrays (length a power of two).</summary>
internal static class Fft
{
    public static int NextPowerOfTwo(long n)
    {
        if (n > 1 << 30) throw new InvalidOperationException($"A PLD of {n} points is too large; use a coarser discretisation or fewer steps.");
        var size = 1;
        while (size < n) size <<= 1;
        return size;
    }

    /// <summary>Forward transform (e^{−2πi jk/n}) or, with inverse, the inverse transform including the 1/n factor.</summary>
    public static void Transform(double[] re, double[] im, bool inverse)
    {
        var n = re.Length;
        if (n != im.Length || (n & (n - 1)) != 0) throw new ArgumentException("FFT length must be a power of two, equal for both parts.");
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        var (twiddleRe, forwardIm) = Twiddles(n);
        var sign = inverse ? -1.0 : 1.0; // the inverse uses conjugate twiddles
        for (var half = 1; half < n; half <<= 1)
        {
            var length = half << 1;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = twiddleRe[half - 1 + k];
                    var wi = sign * forwardIm[half - 1 + k];
                    var a = start + k;
                    var b = a + half;
                    var xr = re[b] * wr - im[b] * wi;
                    var xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
        if (inverse)
        {
            var scale = 1.0 / n;
            for (var i = 0; i < n; i++)
            {
                re[i] *= scale;
                im[i] *= scale;
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, (double[] Re, double[] Im)> TwiddleCache = new();

    /// <summary>
    /// Forward twiddles e^{−iπk/h} of every stage, stored contiguously (stage with half-length h at offset h − 1)
    /// so the butterflies read them sequentially; cached per length up to 2^20 (16 MB).
    /// </summary>
    private static (double[] Re, double[] Im) Twiddles(int n) =>
        n <= 1 << 20 ? TwiddleCache.GetOrAdd(n, ComputeTwiddles) : ComputeTwiddles(n);

    private static (double[] Re, double[] Im) ComputeTwiddles(int size)
    {
        var re = new double[Math.Max(1, size - 1)];
        var im = new double[Math.Max(1, size - 1)];
        for (var half = 1; half < size; half <<= 1)
            for (var k = 0; k < half; k++)
            {
                var (sin, cos) = Math.SinCos(-Math.PI * k / half);
                re[half - 1 + k] = cos;
                im[half - 1 + k] = sin;
            }
        return (re, im);
    }

    /// <summary>Linear convolution of two real sequences.</summary>
    public static double[] Convolve(double[] a, double[] b)
    {
        var resultLength = a.Length + b.Length - 1;
        var n = NextPowerOfTwo(resultLength);
        var ar = new double[n]; var ai = new double[n];
        var br = new double[n]; var bi = new double[n];
        a.CopyTo(ar, 0);
        b.CopyTo(br, 0);
        Transform(ar, ai, false);
        Transform(br, bi, false);
        for (var i = 0; i < n; i++)
        {
            var r = ar[i] * br[i] - ai[i] * bi[i];
            ai[i] = ar[i] * bi[i] + ai[i] * br[i];
            ar[i] = r;
        }
        Transform(ar, ai, true);
        var result = new double[resultLength];
        for (var i = 0; i < resultLength; i++) result[i] = Math.Max(0, ar[i]);
        return result;
    }
}
