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
        var sign = inverse ? 1.0 : -1.0;
        var twiddleRe = new double[n / 2];
        var twiddleIm = new double[n / 2];
        for (var k = 0; k < n / 2; k++)
        {
            var angle = sign * 2 * Math.PI * k / n;
            twiddleRe[k] = Math.Cos(angle);
            twiddleIm[k] = Math.Sin(angle);
        }
        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length >> 1;
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = twiddleRe[k * stride];
                    var wi = twiddleIm[k * stride];
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
