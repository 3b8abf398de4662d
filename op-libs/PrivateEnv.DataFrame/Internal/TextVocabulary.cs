using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// The strings a text column codes into. Columns hold codes, so no cell-time operation reads, hashes or compares a
/// private string: the loaded strings are kept only as keyed 128-bit hashes (HMAC-SHA256 under a per-process random
/// key, truncated), sorted and padded to a power of two above the row space's public size. Finding a public
/// string's code hashes that string (work in its own length) and runs a branch-free binary search of a fixed number
/// of steps, the same whether or not the string is present. A vocabulary is a list of segments (the loaded strings,
/// public strings added by FillNa/Where, vocabularies stacked by Concat) that are never merged, so one string may
/// have a code in several segments; <see cref="CodeInEachSegment"/> returns one slot per segment.
/// </summary>
internal sealed class TextVocabulary
{
    private static readonly byte[] HashKey = RandomNumberGenerator.GetBytes(32);

    private abstract record Segment(int Offset)
    {
        public abstract int Count { get; }

        /// <summary>The code of the string with this hash, or −1; the same work for every hash.</summary>
        public abstract int Find(UInt128 hash);

        public abstract Segment Moved(int by);
    }

    /// <summary>Loaded (private) strings as sorted hashes; <see cref="Count"/> is private and never shown.</summary>
    private sealed record HashedSegment(ulong[] High, ulong[] Low, int[] Codes, int Size, int Offset) : Segment(Offset)
    {
        public override int Count => Size;

        public override int Find(UInt128 hash)
        {
            ulong high = (ulong)(hash >> 64), low = (ulong)hash;
            var position = 0;
            for (var step = High.Length / 2; step > 0; step /= 2)
            {
                var at = position + step - 1;
                var less = (High[at] < high) | ((High[at] == high) & (Low[at] < low));
                position += step & -Convert.ToInt32(less);
            }
            return Choose((High[position] == high) & (Low[position] == low), Offset + Codes[position], -1);
        }

        public override Segment Moved(int by) => this with { Offset = Offset + by };
    }

    /// <summary>Public strings (categories turned to text, a FillNa or Where value), coded by position.</summary>
    private sealed record PublicSegment(Dictionary<UInt128, int> Codes, int Offset) : Segment(Offset)
    {
        public override int Count => Codes.Count;
        public override int Find(UInt128 hash) => Codes.TryGetValue(hash, out var code) ? Offset + code : -1;
        public override Segment Moved(int by) => this with { Offset = Offset + by };
    }

    private readonly Segment[] segments;

    private TextVocabulary(Segment[] segments, int count)
    {
        this.segments = segments;
        Count = count;
    }

    /// <summary>How many codes there are (private: never shown, only used to place the next segment).</summary>
    public int Count { get; }

    /// <summary>The number of segments, a function of the operations applied (public).</summary>
    public int Segments => segments.Length;

    public static TextVocabulary Empty { get; } = new([], 0);

    private static UInt128 Hash(string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(HashKey, MemoryMarshal.AsBytes(value.AsSpan()), mac);
        return new UInt128(BitConverter.ToUInt64(mac[..8]), BitConverter.ToUInt64(mac[8..16]));
    }

    /// <summary>
    /// Codes for the loaded strings (null = missing, −1) over <paramref name="size"/> slots, and their vocabulary.
    /// Runs when data is loaded; <paramref name="size"/> is the row space's public size.
    /// </summary>
    public static (TextVocabulary Vocabulary, int[] Codes) Encode(IReadOnlyList<string?> values, int size)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[size];
        codes.AsSpan().Fill(-1);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value) continue;
            if (!index.TryGetValue(value, out var code)) index.Add(value, code = index.Count);
            codes[i] = code;
        }
        var padded = 1;
        while (padded < Math.Max(size, index.Count) + 1) padded *= 2;
        var entries = index.Select(p => (Hash: Hash(p.Key), Code: p.Value)).OrderBy(e => e.Hash).ToArray();
        var high = new ulong[padded];
        var low = new ulong[padded];
        var sortedCodes = new int[padded];
        high.AsSpan().Fill(ulong.MaxValue);
        low.AsSpan().Fill(ulong.MaxValue);   // padding sorts last; a hash of all ones would need 2^-128 luck
        sortedCodes.AsSpan().Fill(-1);
        for (var i = 0; i < entries.Length; i++)
            (high[i], low[i], sortedCodes[i]) = ((ulong)(entries[i].Hash >> 64), (ulong)entries[i].Hash, entries[i].Code);
        return (new TextVocabulary([new HashedSegment(high, low, sortedCodes, index.Count, 0)], index.Count), codes);
    }

    /// <summary>A vocabulary of distinct public strings, coded by position.</summary>
    public static TextVocabulary OfPublic(IReadOnlyList<string> distinct)
    {
        var codes = new Dictionary<UInt128, int>();
        foreach (var value in distinct) codes.TryAdd(Hash(value), codes.Count);
        return new([new PublicSegment(codes, 0)], codes.Count);
    }

    /// <summary>
    /// For a public string, its code in each segment or a negative placeholder (−2 − segment) where a segment lacks
    /// it: the same number of entries, and the same work, whether or not the string is present.
    /// </summary>
    public int[] CodeInEachSegment(string value)
    {
        var hash = Hash(value);
        var codes = new int[segments.Length];
        for (var s = 0; s < segments.Length; s++)
        {
            var code = segments[s].Find(hash);
            codes[s] = Choose(code >= 0, code, -2 - s);
        }
        return codes;
    }

    /// <summary>
    /// This vocabulary with <paramref name="value"/> (a public string) added as a segment of its own, and its code
    /// there; always added, since whether the string is already present is private.
    /// </summary>
    public (TextVocabulary Vocabulary, int Code) With(string value) =>
        (new([.. segments, new PublicSegment(new() { [Hash(value)] = 0 }, Count)], Count + 1), Count);

    /// <summary>a when the condition holds, else b, without a branch on it.</summary>
    private static int Choose(bool condition, int a, int b)
    {
        var mask = -Convert.ToInt32(condition);
        return (a & mask) | (b & ~mask);
    }

    /// <summary>This vocabulary followed by <paramref name="other"/>, whose codes move up by <see cref="Count"/>.</summary>
    public TextVocabulary Then(TextVocabulary other) =>
        new([.. segments, .. other.segments.Select(s => s.Moved(Count))], Count + other.Count);
}
