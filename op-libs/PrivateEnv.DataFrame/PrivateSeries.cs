using System.Globalization;
using PrivateEnv.DataFrame.Internal;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A private column. Transformations (arithmetic, comparisons, Clip, Map, FillNa, …) are free and
/// give new private series with soundly propagated public bounds; only DP statistics leave it,
/// each charged to the session's budget first. No member returns values; ToString shows metadata
/// only; equality is identity. Neighbouring datasets differ by adding or removing one row.
/// </summary>
public sealed partial class PrivateSeries
{
    private readonly Mda.DataFrameColumn column;

    internal PrivateSeries(Mda.DataFrameColumn column, ColumnMetadata metadata, RowSpace rows, string label)
    {
        this.column = column;
        Metadata = metadata;
        Rows = rows;
        Label = label;
    }

    internal Mda.DataFrameColumn Column => column;
    internal RowSpace Rows { get; }

    /// <summary>Public metadata: kind, declared bounds or categories.</summary>
    public ColumnMetadata Metadata { get; }

    /// <summary>Where this series came from, for messages and the odometer.</summary>
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

    internal double[] ReadNumbers() => ColumnData.ReadNumeric(column);

    internal string?[] ReadStrings() => ColumnData.ReadStrings(column);

    internal static string KindName(ColumnKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A numeric series over the same rows; values are clamped to [lo, hi] so the bounds always hold.</summary>
    internal PrivateSeries WithNumbers(double[] values, double lo, double hi, string operation, string? name = null)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
            throw new ArgumentException($"{operation} would make the bounds of '{Name}' infinite; use smaller scalars or Clip first.");
        for (var i = 0; i < values.Length; i++)
            if (!double.IsNaN(values[i])) values[i] = Math.Clamp(values[i], lo, hi);
        var meta = new ColumnMetadata(name ?? Name, ColumnKind.Numeric, lo, hi);
        return new PrivateSeries(ColumnData.BuildNumeric(meta.Name, values), meta, Rows, $"{Label}.{operation}");
    }

    /// <summary>A boolean series (0/1, never missing) over the same rows.</summary>
    internal PrivateSeries WithFlags(double[] flags, string operation)
    {
        var meta = new ColumnMetadata(Name, ColumnKind.Boolean, 0, 1);
        return new PrivateSeries(ColumnData.BuildNumeric(Name, flags), meta, Rows, $"{Label}.{operation}");
    }

    internal PrivateSeries WithStrings(string?[] values, ColumnKind kind, IReadOnlyList<string>? categories, string operation, string? name = null)
    {
        var meta = new ColumnMetadata(name ?? Name, kind, Categories: kind == ColumnKind.Categorical ? categories : null);
        return new PrivateSeries(ColumnData.BuildStrings(meta.Name, values), meta, Rows, $"{Label}.{operation}");
    }

    /// <summary>The stored column carrying <paramref name="name"/> (cloned only when renamed).</summary>
    internal Mda.DataFrameColumn ColumnNamed(string name)
    {
        if (column.Name == name) return column;
        var copy = column.Clone();
        copy.SetName(name);
        return copy;
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
