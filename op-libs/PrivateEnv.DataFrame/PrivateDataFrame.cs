using System.Text;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A private table. Selecting, filtering, deriving, joining and splitting are free and give private frames;
/// DP statistics (Count, Describe, Histogram2D, GroupBy(...).Agg(...), …) cost ε and return public values. No
/// member returns rows, values or sizes; ToString shows the schema and public metadata only; equality is identity.
/// Neighbouring datasets differ by adding or removing one row. Numeric values are kept inside their declared
/// bounds: values outside them were clamped when the frame was made.
/// Every frame of a dataset spans the dataset's public number of row slots; a filter only changes which slots
/// count (a private mask), so no operation's work, memory or shape depends on how many rows it kept.
/// </summary>
public sealed partial class PrivateDataFrame
{
    private readonly ColumnValues[] columns;

    internal PrivateDataFrame(RowSpace rows, RowMask mask, DatasetMetadata metadata, ColumnValues[] columns, string name)
    {
        if (columns.Length != metadata.Columns.Count || mask.Size != rows.Size || columns.Any(c => c.Size != rows.Size))
            throw new InvalidOperationException("Internal error: a frame's columns do not match its metadata or row space.");
        Rows = rows;
        Mask = mask;
        Metadata = metadata;
        this.columns = columns;
        Name = name.Length <= 200 ? name : name[..199] + "…";
    }

    internal RowSpace Rows { get; }
    internal RowMask Mask { get; }
    internal IPrivacyCharger Charger => Rows.Charger;

    /// <summary>The dataset's name (public).</summary>
    public string Name { get; }

    /// <summary>Declared column kinds, bounds and categories (public, set by the data owner or propagated); immutable.</summary>
    public DatasetMetadata Metadata { get; }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Columns => Metadata.Columns.Select(c => c.Name).ToArray();

    /// <summary>
    /// At most how many rows one individual of the source data can be in (1 unless frames were
    /// concatenated); DP sensitivities are multiplied by it.
    /// </summary>
    public int MaxRowsPerIndividual => Rows.Stability;

    /// <summary>Whether this frame is its dataset as loaded (no filter, split or sample): a fact about the code, not the data.</summary>
    public bool IsWholeDataset => Mask.IsPopulation;

    /// <summary>A column as a private series (free: no budget).</summary>
    public PrivateSeries this[string column]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(column);
            for (var i = 0; i < columns.Length; i++)
                if (Metadata.Columns[i].Name == column)
                    return new PrivateSeries(Rows, Mask, Metadata.Columns[i], columns[i], $"{Name}.{column}");
            throw new ArgumentException($"No column '{column}'. Columns: {string.Join(", ", Columns)}.");
        }
    }

    /// <summary>These columns as a private frame (free).</summary>
    public PrivateDataFrame this[params string[] columns] => Select(columns);

    /// <summary>The rows where <paramref name="mask"/> (a boolean series of this dataset) is true (free).</summary>
    public PrivateDataFrame this[PrivateSeries mask] => Where(mask);

    /// <summary>
    /// Makes a public table private under the given metadata JSON (see docs/dataframe.md), charged to the
    /// current session. Metadata columns must exist in the table; other table columns are dropped;
    /// numbers outside declared bounds are clamped; values outside declared categories become missing.
    /// The table's row count is public, so the frame declares it.
    /// </summary>
    public static PrivateDataFrame FromPublic(PublicTable table, string metadataJson, string name = "table")
    {
        ArgumentNullException.ThrowIfNull(table);
        var parsed = DatasetMetadata.Parse(metadataJson);
        var metadata = new DatasetMetadata(parsed.Description, parsed.Columns, Math.Max(1, table.RowCount));
        var charger = PrivacyContext.Charger;
        var builders = new List<ColumnBuilder>();
        foreach (var meta in metadata.Columns)
        {
            if (!table.HasColumn(meta.Name))
                throw new InvalidDataException($"Metadata describes column '{meta.Name}', which the table does not have (table columns: {string.Join(", ", table.ColumnNames)}).");
            var builder = new ColumnBuilder(meta);
            if (table.TryGetNumbers(meta.Name, out var numbers)) foreach (var v in numbers) builder.AddNumber(v);
            else foreach (var v in table.RawTexts(meta.Name)) builder.AddText(v);
            builders.Add(builder);
        }
        return PrivateDataFrameLoader.Build(name, metadata, builders, table.RowCount, charger);
    }

    /// <summary>Builds a frame from series of one row space; the frame covers the slots all of them cover.</summary>
    internal static PrivateDataFrame FromSeries(string name, IReadOnlyList<PrivateSeries> series)
    {
        if (series.Count == 0) throw new ArgumentException("A frame needs at least one column.");
        var rows = series[0].Rows;
        var mask = series[0].Mask;
        foreach (var s in series.Skip(1)) mask = mask.And(s.JointMask(series[0], "Building a frame"));
        var duplicate = series.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Column '{duplicate.Key}' appears twice; Rename one of them.");
        return new PrivateDataFrame(rows, mask, new DatasetMetadata("", series.Select(s => s.Metadata).ToArray()), series.Select(s => s.Values).ToArray(), name);
    }

    internal IReadOnlyList<PrivateSeries> AllSeries() =>
        Metadata.Columns.Select((c, i) => new PrivateSeries(Rows, Mask, c, columns[i], $"{Name}.{c.Name}")).ToArray();

    public override string ToString()
    {
        var text = new StringBuilder($"PrivateDataFrame '{Name}' ({Metadata.Columns.Count} columns; values and row counts are private");
        if (Rows.Stability > 1) text.Append($"; up to {Rows.Stability} rows per individual");
        text.Append(')');
        foreach (var column in Metadata.Columns) text.Append("\n  ").Append(PrivateSeries.Describe(column));
        return text.ToString();
    }

    // Identity semantics only: no value-based equality or hashing.
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
