using System.Text;
using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A private table over Microsoft.Data.Analysis. Selecting, filtering, deriving, joining and
/// splitting are free and give private frames; DP statistics (Count, Describe, Histogram2D,
/// GroupBy(...).Agg(...), …) cost ε and return public values. No member returns rows, values or
/// the wrapped frame; ToString shows the schema and public metadata only; equality is identity.
/// Neighbouring datasets differ by adding or removing one row. Numeric values are kept inside
/// their declared bounds: values outside them were clamped when the frame was made.
/// </summary>
public sealed partial class PrivateDataFrame
{
    internal PrivateDataFrame(Mda.DataFrame frame, DatasetMetadata metadata, RowSpace rows, string name)
    {
        Frame = frame;
        Metadata = metadata;
        Rows = rows;
        Name = name;
    }

    internal Mda.DataFrame Frame { get; }
    internal RowSpace Rows { get; }
    internal IPrivacyCharger Charger => Rows.Charger;

    /// <summary>The dataset's name (public).</summary>
    public string Name { get; }

    /// <summary>Declared column kinds, bounds and categories (public, set by the data owner or propagated).</summary>
    public DatasetMetadata Metadata { get; }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Columns => Metadata.Columns.Select(c => c.Name).ToList();

    /// <summary>
    /// At most how many rows one individual of the source data can be in (1 unless frames were
    /// concatenated); DP sensitivities are multiplied by it.
    /// </summary>
    public int MaxRowsPerIndividual => Rows.Stability;

    /// <summary>A column as a private series (free: no budget).</summary>
    public PrivateSeries this[string column]
    {
        get
        {
            var meta = Metadata.Find(column)
                ?? throw new ArgumentException($"No column '{column}'. Columns: {string.Join(", ", Columns)}.");
            return new PrivateSeries(Frame[column], meta, Rows, $"{Name}.{column}");
        }
    }

    /// <summary>These columns as a private frame (free).</summary>
    public PrivateDataFrame this[params string[] columns] => Select(columns);

    /// <summary>The rows where <paramref name="mask"/> (a boolean series of this frame) is true (free).</summary>
    public PrivateDataFrame this[PrivateSeries mask] => Where(mask);

    /// <summary>
    /// Makes a public table private under the given metadata JSON (see docs/dataframe.md), charged to the
    /// current session. Metadata columns must exist in the table; other table columns are dropped;
    /// numbers outside declared bounds are clamped; values outside declared categories become missing.
    /// </summary>
    public static PrivateDataFrame FromPublic(PublicTable table, string metadataJson, string name = "table")
    {
        ArgumentNullException.ThrowIfNull(table);
        var metadata = DatasetMetadata.Parse(metadataJson);
        var charger = PrivacyContext.Charger;
        var columns = new List<Mda.DataFrameColumn>();
        foreach (var meta in metadata.Columns)
        {
            if (!table.HasColumn(meta.Name))
                throw new InvalidDataException($"Metadata describes column '{meta.Name}', which the table does not have (table columns: {string.Join(", ", table.ColumnNames)}).");
            var builder = new ColumnBuilder(meta);
            if (table.TryGetNumbers(meta.Name, out var numbers)) foreach (var v in numbers) builder.AddNumber(v);
            else foreach (var v in table.RawTexts(meta.Name)) builder.AddText(v);
            columns.Add(builder.Build());
        }
        return new PrivateDataFrame(new Mda.DataFrame(columns), metadata, new RowSpace(charger, 1), name);
    }

    /// <summary>Builds a frame from series of the same rows.</summary>
    internal static PrivateDataFrame FromSeries(string name, IReadOnlyList<PrivateSeries> series)
    {
        if (series.Count == 0) throw new ArgumentException("A frame needs at least one column.");
        var rows = series[0].Rows;
        foreach (var s in series) rows.RequireSame(s.Rows, "Building a frame");
        var duplicate = series.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Column '{duplicate.Key}' appears twice; Rename one of them.");
        var frame = new Mda.DataFrame(series.Select(s => s.ColumnNamed(s.Name)));
        return new PrivateDataFrame(frame, new DatasetMetadata("", series.Select(s => s.Metadata).ToList()), rows, name);
    }

    internal IReadOnlyList<PrivateSeries> AllSeries() => Columns.Select(c => this[c]).ToList();

    public override string ToString()
    {
        var text = new StringBuilder($"PrivateDataFrame '{Name}' ({Metadata.Columns.Count} columns; values are private");
        if (Rows.Stability > 1) text.Append($"; up to {Rows.Stability} rows per individual");
        text.Append(')');
        foreach (var column in Metadata.Columns) text.Append("\n  ").Append(PrivateSeries.Describe(column));
        return text.ToString();
    }

    // Identity semantics only: no value-based equality or hashing.
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
