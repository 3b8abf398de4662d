using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy.Releases;

namespace PrivateEnv.DataFrame.Tests;

/// <summary>The vectorised exact sums give the very integers of a plain loop over <see cref="ContributionBounds.Snap"/>.</summary>
public class AccumulateTests
{
    [Theory]
    [InlineData(0, 1, 1001)]
    [InlineData(-5, 5, 17)]
    [InlineData(12, 60, 100_003)]
    [InlineData(0, 1e9, 4099)]
    public void Vectorised_moments_equal_the_scalar_definition(double lower, double upper, int size)
    {
        var random = new Random(size);
        var values = Enumerable.Range(0, size).Select(i => i % 13 == 0 ? double.NaN : lower - 1 + (upper - lower + 2) * random.NextDouble()).ToArray();
        var inside = Enumerable.Range(0, size).Select(i => (byte)(random.Next(3) == 0 ? 0 : 1)).ToArray();
        double mid = (lower + upper) / 2, r = (upper - lower) / 2;
        ContributionBounds sumBounds = ContributionBounds.Range(-r, r), squareBounds = ContributionBounds.Range(0, r * r);
        long count = 0, sum = 0, squares = 0;
        for (var i = 0; i < size; i++)
        {
            if (inside[i] == 0 || double.IsNaN(values[i])) continue;
            var centred = Math.Clamp(values[i], lower, upper) - mid;
            count++;
            sum += sumBounds.Snap(centred);
            squares += squareBounds.Snap(centred * centred);
        }
        Assert.Equal((count, sum, squares), Accumulate.Moments(values, RowMask.FromBytes(inside), lower, upper, mid, sumBounds, squareBounds));
        Assert.Equal((count, sum, 0L), Accumulate.Moments(values, RowMask.FromBytes(inside), lower, upper, mid, sumBounds, null));
    }
}
