using PrivateEnv.Privacy.Numerics;

namespace PrivateEnv.Privacy.Tests;

public class SpecialFunctionsTests
{
    // Reference values from CPython's math.erfc (correctly rounded to ~1 ulp).
    [Theory]
    [InlineData(-2, 1.9953222650189528)]
    [InlineData(-0.3, 1.3286267594591274)]
    [InlineData(0, 1.0)]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1, 0.15729920705028513)]
    [InlineData(2, 0.004677734981047265)]
    [InlineData(2.9, 4.109787809945886e-05)]
    [InlineData(3, 2.2090496998585438e-05)]
    [InlineData(3.1, 1.1648657367199589e-05)]
    [InlineData(4, 1.541725790028002e-08)]
    [InlineData(6, 2.1519736712498916e-17)]
    [InlineData(10, 2.088487583762545e-45)]
    [InlineData(20, 5.3958656116079005e-176)]
    [InlineData(26, 5.663192408856143e-296)]
    public void Erfc_is_accurate_to_1e12_relative(double x, double expected)
    {
        var actual = SpecialFunctions.Erfc(x);
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * expected, $"erfc({x}) = {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void Log_erfc_works_where_erfc_underflows()
    {
        Assert.Equal(-403.56934333410425, SpecialFunctions.LogErfc(20), 9);
        // Asymptotically log erfc(x) = −x² − log(x√π) − 1/(2x²) + O(x⁻⁴).
        const double x = 100;
        Assert.Equal(-x * x - Math.Log(x * Math.Sqrt(Math.PI)) - 1 / (2 * x * x), SpecialFunctions.LogErfc(x), 7);
    }

    [Fact]
    public void Inverse_normal_cdf_inverts_deep_in_the_tail()
    {
        foreach (var p in new[] { 0.5, 0.975, 1e-3, 1e-10, 0.5 * Math.Exp(-50), 1e-300 })
        {
            var x = SpecialFunctions.InverseNormalCdf(p);
            Assert.True(Math.Abs(SpecialFunctions.LogNormalCdf(x) - Math.Log(p)) < 1e-10, $"p = {p}");
        }
        Assert.Equal(1.959963984540054, SpecialFunctions.InverseNormalCdf(0.975), 12);
    }

    [Fact]
    public void Log1p_and_expm1_keep_tiny_arguments()
    {
        Assert.True(Math.Abs(SpecialFunctions.Log1p(1e-10) - 9.999999999500001e-11) < 1e-25);
        Assert.True(Math.Abs(SpecialFunctions.ExpM1(1e-10) - 1.00000000005e-10) < 1e-25);
        Assert.Equal(-0.2591817793182821, SpecialFunctions.ExpM1(-0.3), 15);
        Assert.Equal(-0.35667494393873234, SpecialFunctions.Log1p(-0.3), 15);
    }
}
