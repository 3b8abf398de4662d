using System.Text;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Mechanisms;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame;

/// <summary>
/// A private table. Cells can select columns and ask DP statistics; no member returns rows,
/// values or the wrapped frame. ToString shows the schema and public metadata only.
/// Neighbouring datasets differ by adding or removing one row.
/// </summary>
public sealed class PrivateDataFrame
{
    internal PrivateDataFrame(Mda.DataFrame frame, DatasetMetadata metadata, IPrivacyCharger charger, string name)
    {
        Frame = frame;
        Metadata = metadata;
        Charger = charger;
        Name = name;
    }

    internal Mda.DataFrame Frame { get; }
    internal IPrivacyCharger Charger { get; }

    /// <summary>The dataset's name (public).</summary>
    public string Name { get; }

    /// <summary>Declared column kinds, bounds and categories (public, set by the data owner).</summary>
    public DatasetMetadata Metadata { get; }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Columns => Metadata.Columns.Select(c => c.Name).ToList();

    /// <summary>A column as a private series (free: no budget).</summary>
    public PrivateSeries this[string column]
    {
        get
        {
            var meta = Metadata.Find(column)
                ?? throw new ArgumentException($"No column '{column}'. Columns: {string.Join(", ", Columns)}.");
            return new PrivateSeries(Frame[column], meta, Charger, $"{Name}.{column}");
        }
    }

    /// <summary>DP row count: count + Laplace(1/ε), ε-DP (sensitivity 1 under add/remove).</summary>
    public double Count(double eps)
    {
        var count = Frame.Rows.Count;
        return LaplaceMechanism.Release(Charger, count, 1.0, eps, $"{Name}.Count(eps: {eps:G4})");
    }

    public override string ToString()
    {
        var text = new StringBuilder($"PrivateDataFrame '{Name}' ({Metadata.Columns.Count} columns; values are private)");
        foreach (var column in Metadata.Columns) text.Append("\n  ").Append(PrivateSeries.Describe(column));
        return text.ToString();
    }

    // Identity semantics only: no value-based equality or hashing.
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
