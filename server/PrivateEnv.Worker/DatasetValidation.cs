using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Worker;

/// <summary>
/// The server's start-up check, run in a worker so that the server never reads a dataset's values: each dataset is
/// loaded exactly as a session's Init loads it, then dropped, and the answer is its public schema (from the metadata)
/// or what is wrong with it. Writes the embedded demo dataset first when asked to.
/// </summary>
internal static class DatasetValidation
{
    public static DatasetsValidated Validate(ValidateDatasets request)
    {
        var answer = new DatasetsValidated();
        if (request.DemoDirectory.Length > 0)
        {
            var demo = new WorkerDataset { Name = DemoDataset.Name, CsvPath = Path.Combine(request.DemoDirectory, DemoDataset.Name + ".csv"), MetadataJson = DemoDataset.MetadataJson };
            try
            {
                WriteIfChanged(demo.CsvPath, DemoDataset.GenerateCsv());
                WriteIfChanged(Path.Combine(request.DemoDirectory, DemoDataset.Name + ".metadata.json"), DemoDataset.MetadataJson);
                answer.Datasets.Add(Check(demo));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                answer.Datasets.Add(new ValidatedDataset { Name = demo.Name, Error = $"Dataset '{demo.Name}': could not write the demo data into {request.DemoDirectory}: {e.Message}" });
            }
        }
        foreach (var dataset in request.Datasets) answer.Datasets.Add(Check(dataset));
        return answer;
    }

    private static ValidatedDataset Check(WorkerDataset dataset)
    {
        var name = dataset.Name;
        try
        {
            var metadata = DatasetMetadata.Parse(dataset.MetadataJson);
            PrivateDataFrameLoader.LoadCsv(name, dataset.CsvPath, metadata, new RefusingCharger());
            return new ValidatedDataset { Name = name, Info = ToInfo(name, metadata) };
        }
        catch (Exception e)
        {
            var message = e is InvalidDataException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return new ValidatedDataset { Name = name, Error = message.StartsWith("Dataset", StringComparison.Ordinal) ? message : $"Dataset '{name}': {message}" };
        }
    }

    /// <summary>The public schema analysts see: declared by the owner, never computed from the data.</summary>
    public static DatasetInfo ToInfo(string name, DatasetMetadata metadata)
    {
        var info = new DatasetInfo { Name = name, Description = metadata.Description, DeclaredRows = metadata.Rows ?? 0 };
        foreach (var column in metadata.Columns)
        {
            var c = new ColumnInfo { Name = column.Name, Kind = column.Kind.ToString().ToLowerInvariant() };
            if (column.Lower is { } lo) c.Lower = lo;
            if (column.Upper is { } hi) c.Upper = hi;
            c.Categories.AddRange(column.CategoryList);
            info.Columns.Add(c);
        }
        return info;
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text) File.WriteAllText(path, text);
    }

    /// <summary>Loading charges nothing; anything that tried to release while validating would be refused.</summary>
    private sealed class RefusingCharger : IPrivacyCharger
    {
        public void Charge(PrivacyCharge charge) => throw new BudgetExceededException("No budget while validating datasets.");
    }
}
