using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Server.Datasets;

/// <summary>A dataset ready to serve: where its CSV is and its parsed public metadata.</summary>
public sealed record CatalogEntry(string Name, string CsvPath, string MetadataJson, DatasetMetadata Metadata);

/// <summary>
/// The datasets this server serves, checked at start-up: names are C# identifiers (they become
/// cell variables), metadata parses, and the CSV loads against it.
/// </summary>
public sealed class DatasetCatalog
{
    private readonly Dictionary<string, CatalogEntry> entries = new(StringComparer.Ordinal);

    public static DatasetCatalog Build(ServerOptions options)
    {
        var catalog = new DatasetCatalog();
        if (options.Demo)
        {
            Directory.CreateDirectory(options.DataDir);
            var csv = Path.Combine(options.DataDir, DemoDataset.Name + ".csv");
            var demo = DemoDataset.GenerateCsv();
            if (!File.Exists(csv) || File.ReadAllText(csv) != demo) File.WriteAllText(csv, demo);
            catalog.Add(DemoDataset.Name, csv, DemoDataset.MetadataJson);
        }
        foreach (var source in options.Datasets)
        {
            if (!File.Exists(source.CsvPath)) throw new InvalidDataException($"Dataset '{source.Name}': no CSV file at {source.CsvPath}.");
            var metadataPath = source.MetadataPath ?? Path.ChangeExtension(source.CsvPath, ".metadata.json");
            if (!File.Exists(metadataPath))
                throw new InvalidDataException($"Dataset '{source.Name}': no metadata JSON at {metadataPath}. Pass --dataset {source.Name}=CSV:METADATA.json.");
            catalog.Add(source.Name, source.CsvPath, File.ReadAllText(metadataPath));
        }
        return catalog;
    }

    private void Add(string name, string csvPath, string metadataJson)
    {
        if (!PrivateEnv.Sandbox.Hosting.VariableNames.IsValid(name))
            throw new InvalidDataException($"Dataset name '{name}' must be a C# identifier (letters, digits, _), since cells use it as a variable.");
        if (entries.ContainsKey(name)) throw new InvalidDataException($"Dataset '{name}' is given twice.");
        DatasetMetadata metadata;
        try { metadata = DatasetMetadata.Parse(metadataJson); }
        catch (InvalidDataException e) { throw new InvalidDataException($"Dataset '{name}': {e.Message}"); }
        try { PrivateDataFrameLoader.LoadCsv(name, csvPath, metadata, new RefusingCharger()); }
        catch (InvalidDataException e) { throw new InvalidDataException(e.Message.StartsWith("Dataset", StringComparison.Ordinal) ? e.Message : $"Dataset '{name}': {e.Message}"); }
        entries[name] = new CatalogEntry(name, csvPath, metadataJson, metadata);
    }

    public IReadOnlyCollection<CatalogEntry> All => entries.Values;

    public CatalogEntry? Find(string name) => entries.GetValueOrDefault(name);

    public static DatasetInfo ToInfo(CatalogEntry entry)
    {
        var info = new DatasetInfo { Name = entry.Name, Description = entry.Metadata.Description, DeclaredRows = entry.Metadata.Rows ?? 0 };
        foreach (var column in entry.Metadata.Columns)
        {
            var c = new ColumnInfo { Name = column.Name, Kind = column.Kind.ToString().ToLowerInvariant() };
            if (column.Lower is { } lo) c.Lower = lo;
            if (column.Upper is { } hi) c.Upper = hi;
            c.Categories.AddRange(column.CategoryList);
            info.Columns.Add(c);
        }
        return info;
    }


    /// <summary>Used only to check that a dataset loads; nothing is released while checking.</summary>
    private sealed class RefusingCharger : IPrivacyCharger
    {
        public void Charge(PrivacyCharge charge) => throw new BudgetExceededException("No budget while validating datasets.");
    }
}
