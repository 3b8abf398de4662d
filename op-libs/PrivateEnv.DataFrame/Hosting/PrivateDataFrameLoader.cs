using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame.Hosting;

/// <summary>
/// Builds private frames for the host (the worker). Not on the cell allow-list.
/// Only the columns the metadata describes are kept. Numeric values outside the declared bounds
/// are clamped to them; empty cells, "?", "NA", "NaN" and "null" are missing; a categorical value
/// not in the declared list is missing too.
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
        using var records = CsvReader.ReadRecords(csv).GetEnumerator();
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
        var line = 1;
        while (records.MoveNext())
        {
            line++;
            var record = records.Current;
            if (record.Count == 1 && record[0].Length == 0) continue;
            if (record.Count != header.Count)
                throw new InvalidDataException($"Dataset '{name}': CSV row {line} has {record.Count} fields, the header has {header.Count}.");
            foreach (var (builder, at) in builders) builder.AddText(record[at]);
        }
        var frame = new Mda.DataFrame(builders.Select(b => b.Builder.Build()));
        return new PrivateDataFrame(frame, metadata, new RowSpace(charger, 1), name);
    }

    /// <summary>
    /// Wraps an in-memory Microsoft.Data.Analysis frame (copied, so later changes to it do not
    /// reach the private frame). Numeric metadata needs a numeric column; values are clamped.
    /// </summary>
    public static PrivateDataFrame FromDataFrame(string name, Mda.DataFrame source, DatasetMetadata metadata, IPrivacyCharger charger)
    {
        var names = source.Columns.Select(c => c.Name).ToHashSet();
        var columns = new List<Mda.DataFrameColumn>();
        foreach (var meta in metadata.Columns)
        {
            if (!names.Contains(meta.Name))
                throw new InvalidDataException($"Dataset '{name}': metadata describes column '{meta.Name}', which the frame does not have.");
            columns.Add(CopyColumn(source[meta.Name], meta));
        }
        return new PrivateDataFrame(new Mda.DataFrame(columns), metadata, new RowSpace(charger, 1), name);
    }

    private static Mda.DataFrameColumn CopyColumn(Mda.DataFrameColumn source, ColumnMetadata meta)
    {
        if (meta.Kind is ColumnKind.Numeric && source is Mda.PrimitiveDataFrameColumn<double> doubles)
        {
            var values = ColumnData.ReadNumeric(doubles);
            double lo = meta.Lower!.Value, hi = meta.Upper!.Value;
            for (var i = 0; i < values.Length; i++)
                if (!double.IsNaN(values[i])) values[i] = Math.Clamp(values[i], lo, hi);
            return ColumnData.BuildNumeric(meta.Name, values);
        }
        var builder = new ColumnBuilder(meta);
        var numeric = source.IsNumericColumn();
        for (long i = 0; i < source.Length; i++)
        {
            var value = source[i];
            if (numeric) builder.AddNumber(value is null ? null : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
            else builder.AddText(value?.ToString());
        }
        return builder.Build();
    }
}
