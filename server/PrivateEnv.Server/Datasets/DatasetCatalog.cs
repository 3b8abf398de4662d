using System.Text.Json;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Server.Datasets;

/// <summary>
/// A dataset ready to serve: where its CSV is, its metadata JSON (passed to each session's worker), and the public
/// schema a worker built from that metadata when it checked the dataset at start.
/// </summary>
public sealed record CatalogEntry(string Name, string CsvPath, string MetadataJson, DatasetInfo Info);

/// <summary>
/// The datasets this server serves, checked at start-up. The server checks what needs no rows itself (names are C#
/// identifiers since they become cell variables, no name twice, the files exist); a worker loads each dataset as a
/// session would and answers its schema or what is wrong (<see cref="IDatasetValidator"/>). The server never reads
/// a CSV's values.
/// </summary>
public sealed class DatasetCatalog
{
    /// <summary>Largest metadata file read (metadata is a schema, not data).</summary>
    public const int MaxMetadataBytes = 1024 * 1024;

    /// <summary>Longest validation error kept from the worker (it goes to the operator's terminal).</summary>
    public const int MaxErrorChars = 2000;

    private readonly Dictionary<string, CatalogEntry> entries = new(StringComparer.Ordinal);

    private DatasetCatalog() { }

    /// <summary>The directory the worker writes the embedded demo dataset into (its own, so sessions mount only it).</summary>
    public static string DemoDirectory(ServerOptions options) => Path.Combine(options.DataDir, "demo");

    /// <summary>
    /// Checks the options' datasets (and the demo, when on) and builds the catalog; throws
    /// <see cref="InvalidDataException"/> with a message for the data owner when any dataset is wrong.
    /// </summary>
    public static async Task<DatasetCatalog> BuildAsync(ServerOptions options, IDatasetValidator validator, CancellationToken cancellationToken)
    {
        var request = new ValidateDatasets();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in options.Datasets)
        {
            CheckName(source.Name, names);
            if (!File.Exists(source.CsvPath)) throw new InvalidDataException($"Dataset '{source.Name}': no CSV file at {source.CsvPath}.");
            var metadataPath = source.MetadataPath ?? Path.ChangeExtension(source.CsvPath, ".metadata.json");
            if (!File.Exists(metadataPath))
                throw new InvalidDataException($"Dataset '{source.Name}': no metadata JSON at {metadataPath}. Pass --dataset {source.Name}=CSV:METADATA.json.");
            request.Datasets.Add(new WorkerDataset { Name = source.Name, CsvPath = source.CsvPath, MetadataJson = ReadMetadata(source.Name, metadataPath) });
        }
        if (options.Demo)
        {
            request.DemoDirectory = Path.GetFullPath(DemoDirectory(options));
            Directory.CreateDirectory(request.DemoDirectory);
        }

        DatasetsValidated answer;
        try { answer = await validator.ValidateAsync(request, cancellationToken); }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The datasets could not be checked in a worker: {e.Message}");
        }
        var expected = request.Datasets.Count + (options.Demo ? 1 : 0);
        if (answer.Datasets.Count != expected)
            throw new InvalidDataException($"The dataset check answered for {answer.Datasets.Count} datasets, not {expected}.");

        var catalog = new DatasetCatalog();
        var checkedDatasets = answer.Datasets.AsEnumerable();
        if (options.Demo)
        {
            var demo = answer.Datasets[0];
            checkedDatasets = checkedDatasets.Skip(1);
            if (demo.Error.Length == 0) CheckName(demo.Name, names);
            var csv = Path.Combine(request.DemoDirectory, demo.Name + ".csv");
            var metadata = demo.Error.Length == 0 ? ReadMetadata(demo.Name, Path.Combine(request.DemoDirectory, demo.Name + ".metadata.json")) : "";
            catalog.Add(new WorkerDataset { Name = demo.Name, CsvPath = csv, MetadataJson = metadata }, demo);
        }
        foreach (var (dataset, result) in request.Datasets.Zip(checkedDatasets)) catalog.Add(dataset, result);
        return catalog;
    }

    private static void CheckName(string name, HashSet<string> names)
    {
        if (!VariableNames.IsValid(name))
            throw new InvalidDataException($"Dataset name '{name}' must be a C# identifier (letters, digits, _), since cells use it as a variable.");
        if (!names.Add(name)) throw new InvalidDataException($"Dataset '{name}' is given twice.");
    }

    private static string ReadMetadata(string name, string path)
    {
        if (new FileInfo(path).Length > MaxMetadataBytes)
            throw new InvalidDataException($"Dataset '{name}': the metadata at {path} is larger than {MaxMetadataBytes / 1024} KiB; metadata describes columns, not data.");
        return File.ReadAllText(path);
    }

    /// <summary>
    /// Keeps a dataset the validator accepted. Its answer is trusted only as far as needed: the schema must be of this
    /// dataset, name only columns its metadata declares, and be about the metadata's size.
    /// </summary>
    private void Add(WorkerDataset dataset, ValidatedDataset result)
    {
        if (result.Error.Length > 0)
            throw new InvalidDataException(result.Error.Length > MaxErrorChars ? result.Error[..MaxErrorChars] + "…" : result.Error);
        if (result.Name != dataset.Name || result.Info is not { } info || info.Name != dataset.Name)
            throw new InvalidDataException($"Dataset '{dataset.Name}': the dataset check answered for another dataset.");
        var declared = DeclaredColumns(dataset.MetadataJson);
        if (declared is null || info.Columns.Count > declared.Count
            || info.Columns.Any(c => !declared.Contains(c.Name)) || info.Columns.DistinctBy(c => c.Name).Count() != info.Columns.Count
            || info.CalculateSize() > 2 * System.Text.Encoding.UTF8.GetByteCount(dataset.MetadataJson) + 1024)
            throw new InvalidDataException($"Dataset '{dataset.Name}': the dataset check answered a schema its metadata does not declare.");
        entries[dataset.Name] = new CatalogEntry(dataset.Name, dataset.CsvPath, dataset.MetadataJson, info);
    }

    /// <summary>The column names the metadata JSON declares (its "columns" object), or null when it has none.</summary>
    private static HashSet<string>? DeclaredColumns(string metadataJson)
    {
        try
        {
            using var document = JsonDocument.Parse(metadataJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Object
                ? columns.EnumerateObject().Select(c => c.Name).ToHashSet(StringComparer.Ordinal)
                : null;
        }
        catch (JsonException) { return null; }
    }

    public IReadOnlyCollection<CatalogEntry> All => entries.Values;

    public CatalogEntry? Find(string name) => entries.GetValueOrDefault(name);

    /// <summary>A copy of the dataset's public schema for one response.</summary>
    public static DatasetInfo ToInfo(CatalogEntry entry) => entry.Info.Clone();
}
