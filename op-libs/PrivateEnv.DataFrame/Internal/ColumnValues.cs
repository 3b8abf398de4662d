namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// One column's values over every slot of its row space (padding and filtered-out slots included), never written
/// after construction. Numeric and boolean columns hold doubles (NaN = missing, booleans 0/1), categorical columns
/// hold category codes (−1 = missing), text columns hold codes into a vocabulary of their strings (−1 = missing).
/// </summary>
internal abstract class ColumnValues
{
    public abstract int Size { get; }

    /// <summary>1 where a value is present, 0 where it is missing.</summary>
    public abstract byte[] Present();
}

internal sealed class NumericValues(double[] values) : ColumnValues
{
    public double[] Values { get; } = values;
    public override int Size => Values.Length;

    public override byte[] Present()
    {
        var present = new byte[Values.Length];
        for (var i = 0; i < present.Length; i++) present[i] = double.IsNaN(Values[i]) ? (byte)0 : (byte)1;
        return present;
    }
}

/// <summary>Values held as codes (−1 = missing): categories, or text through its vocabulary.</summary>
internal abstract class CodedValues(int[] codes) : ColumnValues
{
    public int[] Codes { get; } = codes;
    public override int Size => Codes.Length;

    public override byte[] Present()
    {
        var present = new byte[Codes.Length];
        for (var i = 0; i < present.Length; i++) present[i] = (byte)(Codes[i] >= 0 ? 1 : 0);
        return present;
    }

    /// <summary>The same kind of values with other codes (same categories or vocabulary).</summary>
    public abstract CodedValues WithCodes(int[] codes);
}

internal sealed class CategoryValues(int[] codes) : CodedValues(codes)
{
    public override CodedValues WithCodes(int[] codes) => new CategoryValues(codes);
}

/// <summary>Text as codes into a <see cref="TextVocabulary"/> (−1 = missing).</summary>
internal sealed class TextValues(TextVocabulary vocabulary, int[] codes) : CodedValues(codes)
{
    public TextVocabulary Vocabulary { get; } = vocabulary;

    public override CodedValues WithCodes(int[] codes) => new TextValues(Vocabulary, codes);

    /// <summary>
    /// 1 where the code is one of <paramref name="wanted"/>, else 0; the work per slot is the same for every code
    /// (one comparison per wanted code, a public number).
    /// </summary>
    public byte[] Matches(int[] wanted)
    {
        var hits = new byte[Codes.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var code = Codes[i];
            var hit = 0;
            foreach (var w in wanted) hit |= code == w ? 1 : 0;
            hits[i] = (byte)hit;
        }
        return hits;
    }
}
