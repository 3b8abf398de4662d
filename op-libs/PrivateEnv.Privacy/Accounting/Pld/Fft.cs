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

    /// <summary>
    /// Spectrum X[0..n/2] of a real sequence x (zero-padded to a power of two n ≥ 2), via one complex FFT of
    /// length n/2 on z[k] = x[2k] + i·x[2k+1]: with E, O the spectra of the even and odd samples,
    /// E[k] = (Z[k] + conj Z[N−k])/2, O[k] = (Z[k] − conj Z[N−k])/(2i), X[k] = E[k] + e^{−2πik/n} O[k].
    /// The other half is X[n−k] = conj X[k].
    /// </summary>
    public static (double[] Re, double[] Im) RealForward(double[] x, int n)
    {
        if (n < 2 || (n & (n - 1)) != 0 || x.Length > n) throw new ArgumentException("Real FFT length must be a power of two ≥ 2 and cover the input.");
        var half = n / 2;
        var zr = new double[half];
        var zi = new double[half];
        for (var k = 0; k < half; k++)
        {
            var even = 2 * k;
            if (even < x.Length) zr[k] = x[even];
            if (even + 1 < x.Length) zi[k] = x[even + 1];
        }
        Transform(zr, zi, false);
        var re = new double[half + 1];
        var im = new double[half + 1];
        for (var k = 0; k <= half; k++)
        {
            var a = k % half;               // Z[k], with Z[N] = Z[0]
            var b = (half - k) % half;      // Z[N−k]
            var er = 0.5 * (zr[a] + zr[b]);
            var ei = 0.5 * (zi[a] - zi[b]);
            var or = 0.5 * (zi[a] + zi[b]); // (Z[k] − conj Z[N−k])/(2i)
            var oi = -0.5 * (zr[a] - zr[b]);
            var (sin, cos) = Math.SinCos(-2 * Math.PI * k / n);
            re[k] = er + cos * or - sin * oi;
            im[k] = ei + cos * oi + sin * or;
        }
        return (re, im);
    }

    /// <summary>Inverse of <see cref="RealForward"/>: the real sequence of length n whose spectrum has the given first half.</summary>
    public static double[] RealInverse(double[] re, double[] im, int n)
    {
        var half = n / 2;
        if (re.Length != half + 1 || im.Length != half + 1) throw new ArgumentException("The half spectrum must have n/2 + 1 entries.");
        var zr = new double[half];
        var zi = new double[half];
        for (var k = 0; k < half; k++)
        {
            // X[k+N] = conj X[N−k]; E[k] = (X[k] + X[k+N])/2; O[k] = (X[k] − X[k+N])·e^{2πik/n}/2; Z[k] = E[k] + i·O[k].
            var yr = re[half - k];
            var yi = -im[half - k];
            var er = 0.5 * (re[k] + yr);
            var ei = 0.5 * (im[k] + yi);
            var dr = 0.5 * (re[k] - yr);
            var di = 0.5 * (im[k] - yi);
            var (sin, cos) = Math.SinCos(2 * Math.PI * k / n);
            var or = dr * cos - di * sin;
            var oi = dr * sin + di * cos;
            zr[k] = er - oi;
            zi[k] = ei + or;
        }
        Transform(zr, zi, true);
        var x = new double[n];
        for (var k = 0; k < half; k++)
        {
            x[2 * k] = zr[k];
            x[2 * k + 1] = zi[k];
        }
        return x;
    }

    /// <summary>Linear convolution of two real sequences.</summary>
    public static double[] Convolve(double[] a, double[] b)
    {
        var resultLength = a.Length + b.Length - 1;
        var n = Math.Max(2, NextPowerOfTwo(resultLength));
        var (ar, ai) = RealForward(a, n);
        var (br, bi) = RealForward(b, n);
        for (var i = 0; i < ar.Length; i++)
        {
            var r = ar[i] * br[i] - ai[i] * bi[i];
            ai[i] = ar[i] * bi[i] + ai[i] * br[i];
            ar[i] = r;
        }
        var product = RealInverse(ar, ai, n);
        var result = new double[resultLength];
        for (var i = 0; i < resultLength; i++) result[i] = Math.Max(0, product[i]);
        return result;
    }
}
