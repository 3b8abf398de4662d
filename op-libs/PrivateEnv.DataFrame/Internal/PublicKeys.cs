namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// Lookup of private numbers among public keys with the same work for every value: the keys sorted and padded
/// to a power of two, then a branch-free binary search of exactly log₂ steps. A hash set of doubles would not do:
/// double hashes are fixed, so an analyst could pick public keys that collide with one private value and time
/// how long the lookup takes.
/// </summary>
internal sealed class PublicKeys
{
    private readonly double[] keys;
    private readonly int[] rows;

    /// <param name="entries">Public keys (NaN keys are ignored) and what each maps to; a repeated key keeps its first entry.</param>
    public PublicKeys(IEnumerable<(double Key, int Row)> entries)
    {
        var distinct = entries.Where(e => !double.IsNaN(e.Key)).GroupBy(e => e.Key).Select(g => g.First()).OrderBy(e => e.Key).ToArray();
        var size = 1;
        while (size < distinct.Length + 1) size *= 2;
        keys = new double[size];
        rows = new int[size];
        Array.Fill(keys, double.PositiveInfinity);
        Array.Fill(rows, -1);
        for (var i = 0; i < distinct.Length; i++) (keys[i], rows[i]) = (distinct[i].Key, distinct[i].Row);
    }

    /// <summary>The row of <paramref name="value"/>'s key, or −1 (also for NaN).</summary>
    public int Find(double value)
    {
        var position = 0;
        for (var step = keys.Length / 2; step > 0; step /= 2)
            position += keys[position + step - 1] < value ? step : 0;
        return keys[position] == value ? rows[position] : -1;
    }
}
