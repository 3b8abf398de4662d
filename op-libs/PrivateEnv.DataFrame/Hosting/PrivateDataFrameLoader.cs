using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Portable;
using PrivateEnv.Privacy;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame.Hosting;

/// <summary>
/// Builds private frames for the host (the worker). Not on the cell allow-list.
/// Only the columns the metadata describes are kept. Numeric values outside the declared bounds are
/// clamped to them; empty cells, "?", "NA", "NaN" and "null" are missing; a categorical value not in
/// the declared list is missing too. The frame's row space has the declared number of slots (metadata
/// "rows"), or the loaded rows rounded up to four significant bits; the rest are empty slots.
/// </summary>
public static class PrivateDataFrameLoader
{
    public static PrivateDataFrame LoadCsv(string name, string csvPath, DatasetMetadata metadata, IPrivacyCharger charger)
    {
        using var reader = new StreamReader(csvPath);
        return Load(name, reader, metadata, charger);
    }

    public static PrivateDataFrame Load(string name, TextReader csv, DatasetMetadata metadata, IPrivacyCharger charger)
    {
        using var records = PortableTable.ReadRecords(csv).GetEnumerator();
        if (!records.MoveNext()) throw new InvalidDataException($"Dataset '{name}': the CSV is empty (it needs a header row).");
        var header = records.Current.Select(h => h.Trim()).ToList();
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
            if (!index.TryAdd(header[i], i))
                throw new InvalidDataException($"Dataset '{name}': the CSV header names column '{header[i]}' twice.");
        foreach (var column in metadata.Columns)
            if (!index.ContainsKey(column.Name))
                throw new InvalidDataException($"Dataset '{name}': metadata describes column '{column.Name}', which the CSV does not have (CSV columns: {string.Join(", ", header)}).");

        var builders = metadata.Columns.Select(c => (Builder: new ColumnBuilder(c), Index: index[c.Name])).ToList();
        var rows = 0;
        var line = 1;
        while (records.MoveNext())
        {
            line++;
            var record = records.Current;
            if (record.Count == 1 && record[0].Length == 0) continue;
            if (record.Count != header.Count)
                throw new InvalidDataException($"Dataset '{name}': CSV row {line} has {record.Count} fields, the header has {header.Count}.");
            foreach (var (builder, at) in builders) builder.AddText(record[at]);
            rows++;
            if (metadata.Rows is { } declared && rows > declared)
                throw new InvalidDataException($"Dataset '{name}' has more rows than its metadata declares (rows: {declared}); fix the metadata or the data.");
        }
        return Build(name, metadata, builders.Select(b => b.Builder).ToList(), rows, charger);
    }

    /// <summary>
    /// Wraps an in-memory Microsoft.Data.Analysis frame (copied, so later changes to it do not
    /// reach the private frame). Numeric metadata needs a numeric column; values are clamped.
    /// </summary>
    public static PrivateDataFrame FromDataFrame(string name, Mda.DataFrame source, DatasetMetadata metadata, IPrivacyCharger charger)
    {
        var names = source.Columns.Select(c => c.Name).ToHashSet();
        var builders = new List<ColumnBuilder>();
        foreach (var meta in metadata.Columns)
        {
            if (!names.Contains(meta.Name))
                throw new InvalidDataException($"Dataset '{name}': metadata describes column '{meta.Name}', which the frame does not have.");
            var column = source[meta.Name];
            var builder = new ColumnBuilder(meta);
            var numeric = column.IsNumericColumn();
            for (long i = 0; i < column.Length; i++)
            {
                var value = column[i];
                if (numeric) builder.AddNumber(value is null ? null : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                else builder.AddText(value?.ToString());
            }
            builders.Add(builder);
        }
        if (metadata.Rows is { } declared && source.Rows.Count > declared)
            throw new InvalidDataException($"Dataset '{name}' has more rows than its metadata declares (rows: {declared}); fix the metadata or the data.");
        return Build(name, metadata, builders, checked((int)source.Rows.Count), charger);
    }

    internal static PrivateDataFrame Build(string name, DatasetMetadata metadata, IReadOnlyList<ColumnBuilder> builders, int rows, IPrivacyCharger charger)
    {
        var size = RowSpace.SizeFor(rows, metadata.Rows, name);
        var space = new RowSpace(charger, size, 1, metadata.Rows);
        return new PrivateDataFrame(space, RowMask.Population(rows, size), metadata, builders.Select(b => b.Build(size)).ToArray(), name);
    }
}
