using System.Globalization;
using PrivateEnv.Privacy;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame.Hosting;

/// <summary>
/// Builds private frames for the host (the worker). Not on the cell allow-list.
/// Numeric values outside the declared bounds are clamped to them; empty cells, "?" and "NA"
/// are missing; a categorical value not in the declared list is missing too.
/// </summary>
public static class PrivateDataFrameLoader
{
    private static readonly HashSet<string> MissingMarkers = ["", "?", "NA", "NaN", "null"];

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

        var builders = metadata.Columns.Select(c => new ColumnBuilder(c)).ToList();
        var line = 1;
        while (records.MoveNext())
        {
            line++;
            var record = records.Current;
            if (record.Count == 1 && record[0].Length == 0) continue;
            if (record.Count != header.Count)
                throw new InvalidDataException($"Dataset '{name}': CSV row {line} has {record.Count} fields, the header has {header.Count}.");
            foreach (var builder in builders) builder.Add(record[index[builder.Metadata.Name]].Trim());
        }
        var frame = new Mda.DataFrame(builders.Select(b => b.Build()));
        return new PrivateDataFrame(frame, metadata, charger, name);
    }

    private sealed class ColumnBuilder(ColumnMetadata metadata)
    {
        private readonly List<double?> numbers = [];
        private readonly List<string?> strings = [];
        private readonly HashSet<string> categories = [.. metadata.CategoryList];
        public ColumnMetadata Metadata => metadata;

        public void Add(string raw)
        {
            var missing = MissingMarkers.Contains(raw);
            switch (metadata.Kind)
            {
                case ColumnKind.Numeric:
                    if (missing || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v))
                        numbers.Add(null);
                    else numbers.Add(Math.Clamp(v, metadata.Lower!.Value, metadata.Upper!.Value));
                    break;
                case ColumnKind.Boolean:
                    numbers.Add(missing ? null : raw.ToLowerInvariant() switch
                    {
                        "1" or "true" or "yes" => 1.0,
                        "0" or "false" or "no" => 0.0,
                        _ => null,
                    });
                    break;
                case ColumnKind.Categorical:
                    strings.Add(!missing && categories.Contains(raw) ? raw : null);
                    break;
                default:
                    strings.Add(missing ? null : raw);
                    break;
            }
        }

        public Mda.DataFrameColumn Build() => metadata.Kind is ColumnKind.Numeric or ColumnKind.Boolean
            ? new Mda.DoubleDataFrameColumn(metadata.Name, numbers)
            : new Mda.StringDataFrameColumn(metadata.Name, strings);
    }
}
