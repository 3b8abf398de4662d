using System.Globalization;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.DataFrame.Internal;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A private column. Transformations (arithmetic, comparisons, Clip, Map, FillNa, …) are free and
/// give new private series with soundly propagated public bounds; only DP statistics leave it,
/// each charged to the session's budget first. No member returns values; ToString shows metadata
/// only; equality is identity. Neighbouring datasets differ by adding or removing one row.
/// A series spans every slot of its dataset's row space (a public size) with a private mask of the slots it
/// covers, so what it costs to compute never depends on which or how many rows a filter kept.
/// </summary>
public sealed partial class PrivateSeries
{
    private const int MaxLabelLength = 200;

    internal PrivateSeries(RowSpace rows, RowMask mask, ColumnMetadata metadata, ColumnValues values, string label)
    {
        if (mask.Size != rows.Size || values.Size != rows.Size) throw new InvalidOperationException("Internal error: a series does not span its row space.");
        Rows = rows;
        Mask = mask;
        Metadata = metadata;
        Values = values;
        Label = label.Length <= MaxLabelLength ? label : label[..(MaxLabelLength / 2)] + "…" + label[^(MaxLabelLength / 2 - 1)..];
    }

    internal RowSpace Rows { get; }
    internal RowMask Mask { get; }
    internal ColumnValues Values { get; }

    /// <summary>Public metadata: kind, declared bounds or categories.</summary>
    public ColumnMetadata Metadata { get; }

    /// <summary>Where this series came from, for messages and the odometer (public: built from code and metadata).</summary>
    public string Label { get; }

    /// <summary>The column name.</summary>
    public string Name => Metadata.Name;

    /// <summary>Numeric, categorical, boolean or text.</summary>
    public ColumnKind Kind => Metadata.Kind;

    /// <summary>Declared lower bound (numeric and boolean series).</summary>
    public double? Lower => Metadata.Lower;

    /// <summary>Declared upper bound (numeric and boolean series).</summary>
    public double? Upper => Metadata.Upper;

    /// <summary>Declared categories (categorical series), in declared order.</summary>
    public IReadOnlyList<string> Categories => Metadata.CategoryList;

    // ---- building blocks -------------------------------------------------------------------

    internal bool IsNumberLike => Kind is ColumnKind.Numeric or ColumnKind.Boolean;

    internal (double Lo, double Hi) Bounds(string operation)
    {
        if (!IsNumberLike || Metadata.Lower is null || Metadata.Upper is null)
            throw new InvalidOperationException(
                $"{operation} needs a numeric or boolean series; '{Name}' is {KindName(Kind)}. " +
                (Kind == ColumnKind.Categorical ? "Use ValueCounts/Histogram, Eq or IsIn on categories, or OneHot()." : "Text columns allow no statistics."));
        return (Metadata.Lower.Value, Metadata.Upper.Value);
    }

    internal void RequireBoolean(string operation)
    {
        if (Kind != ColumnKind.Boolean)
            throw new InvalidOperationException($"{operation} needs a boolean series (e.g. from a comparison such as s > 3); '{Name}' is {KindName(Kind)}.");
    }

    internal void RequireStrings(string operation)
    {
        if (Kind is not (ColumnKind.Categorical or ColumnKind.Text))
            throw new InvalidOperationException($"{operation} compares text; '{Name}' is {KindName(Kind)}: compare it with a number instead.");
    }

    /// <summary>The values of a numeric or boolean series (NaN = missing), over all slots.</summary>
    internal double[] Numbers => ((NumericValues)Values).Values;

    /// <summary>The category codes of a categorical series (−1 = missing), over all slots.</summary>
    internal int[] Codes => ((CategoryValues)Values).Codes;

    /// <summary>The codes and vocabulary of a text series, over all slots.</summary>
    internal TextValues Text => (TextValues)Values;

    internal static string KindName(ColumnKind kind) => kind.ToString().ToLowerInvariant();

    internal string Then(string operation) => $"{Label}.{operation}";

    /// <summary>A numeric series over the same slots; values are clamped to [lo, hi] so the bounds always hold.</summary>
    internal PrivateSeries WithNumbers(double[] values, double lo, double hi, string operation, string? name = null, RowMask? mask = null)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
            throw new ArgumentException($"{operation} would make the bounds of '{Name}' infinite; use smaller scalars or Clip first.");
        for (var i = 0; i < values.Length; i++) values[i] = Math.Clamp(values[i], lo, hi); // NaN stays NaN
        var meta = new ColumnMetadata(name ?? Name, ColumnKind.Numeric, lo, hi);
        return new PrivateSeries(Rows, mask ?? Mask, meta, new NumericValues(values), Then(operation));
    }

    /// <summary>A boolean series (0/1, never missing) over the same slots.</summary>
    internal PrivateSeries WithFlags(double[] flags, string operation, RowMask? mask = null) =>
        new(Rows, mask ?? Mask, new ColumnMetadata(Name, ColumnKind.Boolean, 0, 1), new NumericValues(flags), Then(operation));

    internal PrivateSeries WithCodes(int[] codes, IReadOnlyList<string> categories, string operation, string? name = null) =>
        new(Rows, Mask, new ColumnMetadata(name ?? Name, ColumnKind.Categorical, Categories: categories), new CategoryValues(codes), Then(operation));

    internal PrivateSeries WithText(TextVocabulary vocabulary, int[] codes, string operation) =>
        new(Rows, Mask, new ColumnMetadata(Name, ColumnKind.Text), new TextValues(vocabulary, codes), Then(operation));

    /// <summary>The same values under another mask.</summary>
    internal PrivateSeries WithMask(RowMask mask, string operation) => new(Rows, mask, Metadata, Values, Then(operation));

    /// <summary>The slots both series cover; refuses series of different row spaces (a public fact).</summary>
    internal RowMask JointMask(PrivateSeries other, string operation)
    {
        Rows.RequireSame(other.Rows, operation);
        return Mask.And(other.Mask);
    }

    /// <summary>
    /// These values as a column of a frame whose mask is <paramref name="frameMask"/>: slots this series does not
    /// cover become missing, as when pandas aligns a filtered column with its frame.
    /// </summary>
    internal ColumnValues ValuesUnder(RowMask frameMask)
    {
        if (ReferenceEquals(frameMask, Mask) || Mask.IsPopulation) return Values;
        var inside = Mask.Inside;
        switch (Values)
        {
            case NumericValues numeric:
                var x = (double[])numeric.Values.Clone();
                for (var i = 0; i < x.Length; i++) x[i] = inside[i] == 1 ? x[i] : double.NaN;
                return new NumericValues(x);
            default:
                var coded = (CodedValues)Values;
                var codes = (int[])coded.Codes.Clone();
                for (var i = 0; i < codes.Length; i++) codes[i] = inside[i] == 1 ? codes[i] : -1;
                return coded.WithCodes(codes);
        }
    }

    internal static string Describe(ColumnMetadata c) => c.Kind switch
    {
        ColumnKind.Numeric => $"{c.Name}: numeric in [{Num(c.Lower)}, {Num(c.Upper)}]",
        ColumnKind.Categorical => $"{c.Name}: categorical {{{string.Join(", ", c.CategoryList)}}}",
        _ => $"{c.Name}: {KindName(c.Kind)}",
    };

    private static string Num(double? v) => v?.ToString("G6", CultureInfo.InvariantCulture) ?? "?";

    public override string ToString() => $"PrivateSeries {Describe(Metadata)} (values are private)";

    // Identity semantics only: no value-based equality or hashing.
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
