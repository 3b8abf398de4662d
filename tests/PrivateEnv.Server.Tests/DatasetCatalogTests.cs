using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Protocol;
using PrivateEnv.Server.Datasets;

namespace PrivateEnv.Server.Tests;

/// <summary>
/// The catalog checks names and files itself and takes each dataset's schema from the validator (a worker in the
/// server): it never reads a CSV's values. The CSVs here are not even CSV, so any attempt to parse them would fail.
/// </summary>
public sealed class DatasetCatalogTests : IDisposable
{
    private const string Metadata = """{"description": "Patients", "rows": 500, "columns": {"age": {"type": "numeric", "lower": 0, "upper": 120}, "sex": {"type": "categorical", "categories": ["F", "M"]}}}""";

    private readonly string dir = Directory.CreateTempSubdirectory("privateenv-catalog-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private ServerOptions Options(bool demo = false, params string[] names)
    {
        var sources = new List<DatasetSource>();
        foreach (var name in names)
        {
            var csv = Path.Combine(dir, name + ".csv");
            File.WriteAllText(csv, "\"not, a CSV: an unterminated quote and no header\n\0\0\0");
            File.WriteAllText(Path.Combine(dir, name + ".json"), Metadata);
            sources.Add(new DatasetSource(name, csv, Path.Combine(dir, name + ".json")));
        }
        return new ServerOptions { DataDir = dir, Demo = demo, Datasets = sources };
    }

    private static DatasetInfo Schema(string name) => new()
    {
        Name = name,
        Description = "Patients",
        DeclaredRows = 500,
        Columns =
        {
            new ColumnInfo { Name = "age", Kind = "numeric", Lower = 0, Upper = 120 },
            new ColumnInfo { Name = "sex", Kind = "categorical", Categories = { "F", "M" } },
        },
    };

    /// <summary>Answers what it is told to, and records what it was asked.</summary>
    private sealed class FakeValidator(Func<ValidateDatasets, DatasetsValidated> answer) : IDatasetValidator
    {
        public List<ValidateDatasets> Requests { get; } = [];

        public Task<DatasetsValidated> ValidateAsync(ValidateDatasets request, CancellationToken cancellationToken)
        {
            Requests.Add(request.Clone());
            return Task.FromResult(answer(request));
        }
    }

    private static FakeValidator Accepting() => new(request =>
    {
        var answer = new DatasetsValidated();
        answer.Datasets.AddRange(request.Datasets.Select(d => new ValidatedDataset { Name = d.Name, Info = Schema(d.Name) }));
        return answer;
    });

    [Fact]
    public async Task The_schema_is_the_validators_answer_and_the_CSV_is_never_parsed()
    {
        var validator = Accepting();
        var catalog = await DatasetCatalog.BuildAsync(Options(false, "patients", "visits"), validator, CancellationToken.None);

        Assert.Equal(["patients", "visits"], catalog.All.Select(e => e.Name));
        var entry = catalog.Find("visits")!;
        Assert.Equal(Schema("visits"), DatasetCatalog.ToInfo(entry));
        Assert.Equal(500, DatasetCatalog.ToInfo(entry).DeclaredRows);
        Assert.Equal(Metadata, entry.MetadataJson);
        Assert.Equal(Path.Combine(dir, "visits.csv"), entry.CsvPath);

        var request = Assert.Single(validator.Requests);
        Assert.Equal("", request.DemoDirectory);
        Assert.Equal(["patients", "visits"], request.Datasets.Select(d => d.Name));
        Assert.All(request.Datasets, d => Assert.Equal(Metadata, d.MetadataJson));
    }

    [Fact]
    public async Task A_response_gets_a_copy_of_the_schema()
    {
        var catalog = await DatasetCatalog.BuildAsync(Options(false, "patients"), Accepting(), CancellationToken.None);
        DatasetCatalog.ToInfo(catalog.Find("patients")!).Columns.Clear();
        Assert.Equal(2, DatasetCatalog.ToInfo(catalog.Find("patients")!).Columns.Count);
    }

    [Fact]
    public async Task The_validators_error_stops_the_catalog_word_for_word()
    {
        var validator = new FakeValidator(request => new DatasetsValidated
        {
            Datasets =
            {
                new ValidatedDataset { Name = "patients", Info = Schema("patients") },
                new ValidatedDataset { Name = "visits", Error = "Dataset 'visits': CSV row 2 has 3 fields, the header has 2." },
            },
        });
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetCatalog.BuildAsync(Options(false, "patients", "visits"), validator, CancellationToken.None));
        Assert.Equal("Dataset 'visits': CSV row 2 has 3 fields, the header has 2.", e.Message);
    }

    [Fact]
    public async Task A_long_error_is_cut()
    {
        var validator = new FakeValidator(_ => new DatasetsValidated { Datasets = { new ValidatedDataset { Name = "patients", Error = new string('x', 100_000) } } });
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetCatalog.BuildAsync(Options(false, "patients"), validator, CancellationToken.None));
        Assert.Equal(DatasetCatalog.MaxErrorChars + 1, e.Message.Length);
    }

    [Theory]
    [InlineData("an undeclared column")]
    [InlineData("a column twice")]
    [InlineData("another dataset")]
    [InlineData("no schema")]
    [InlineData("a huge description")]
    [InlineData("one answer too many")]
    public async Task An_answer_beyond_the_metadata_is_refused(string what)
    {
        var validator = new FakeValidator(request =>
        {
            var info = Schema("patients");
            var result = new ValidatedDataset { Name = "patients", Info = info };
            switch (what)
            {
                case "an undeclared column": info.Columns.Add(new ColumnInfo { Name = "income", Kind = "numeric" }); break;
                case "a column twice": info.Columns[1] = info.Columns[0].Clone(); break;
                case "another dataset": info.Name = "visits"; break;
                case "no schema": result.Info = null; break;
                case "a huge description": info.Description = new string('d', 1_000_000); break;
            }
            var answer = new DatasetsValidated { Datasets = { result } };
            if (what == "one answer too many") answer.Datasets.Add(result.Clone());
            return answer;
        });
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetCatalog.BuildAsync(Options(false, "patients"), validator, CancellationToken.None));
        Assert.StartsWith(what == "one answer too many" ? "The dataset check answered for 2 datasets" : "Dataset 'patients': the dataset check answered", e.Message);
    }

    [Theory]
    [InlineData("not-an-identifier", "must be a C# identifier")]
    [InlineData("missing csv", "no CSV file")]
    [InlineData("missing metadata", "no metadata JSON")]
    [InlineData("twice", "is given twice")]
    public async Task Names_and_files_are_checked_before_any_worker_is_asked(string problem, string expected)
    {
        var options = Options(false, "patients");
        var source = options.Datasets[0];
        options = problem switch
        {
            "not-an-identifier" => options with { Datasets = [source with { Name = "not-an-identifier" }] },
            "missing csv" => options with { Datasets = [source with { CsvPath = Path.Combine(dir, "nowhere.csv") }] },
            "missing metadata" => options with { Datasets = [source with { MetadataPath = Path.Combine(dir, "nowhere.json") }] },
            _ => options with { Datasets = [source, source] },
        };
        var validator = Accepting();
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetCatalog.BuildAsync(options, validator, CancellationToken.None));
        Assert.Contains(expected, e.Message);
        Assert.Empty(validator.Requests);
    }

    [Fact]
    public async Task The_demo_is_written_and_checked_by_the_validator_first()
    {
        var validator = new FakeValidator(request =>
        {
            // What the worker does: write the demo's files into the directory it was given, then answer for it first.
            File.WriteAllText(Path.Combine(request.DemoDirectory, "demo_rows.csv"), "\"rows the server must not read");
            File.WriteAllText(Path.Combine(request.DemoDirectory, "demo_rows.metadata.json"), Metadata);
            var answer = new DatasetsValidated { Datasets = { new ValidatedDataset { Name = "demo_rows", Info = Schema("demo_rows") } } };
            answer.Datasets.AddRange(request.Datasets.Select(d => new ValidatedDataset { Name = d.Name, Info = Schema(d.Name) }));
            return answer;
        });
        var catalog = await DatasetCatalog.BuildAsync(Options(true, "patients"), validator, CancellationToken.None);

        Assert.Equal(Path.Combine(dir, "demo"), Assert.Single(validator.Requests).DemoDirectory);
        Assert.Equal(["demo_rows", "patients"], catalog.All.Select(e => e.Name));
        var demo = catalog.Find("demo_rows")!;
        Assert.Equal(Path.Combine(dir, "demo", "demo_rows.csv"), demo.CsvPath);
        Assert.Equal(Metadata, demo.MetadataJson);
        Assert.Equal(Schema("demo_rows"), demo.Info);
    }

    [Fact]
    public async Task A_dataset_named_like_the_demo_is_given_twice()
    {
        var validator = new FakeValidator(request =>
        {
            File.WriteAllText(Path.Combine(request.DemoDirectory, "patients.metadata.json"), Metadata);
            var answer = new DatasetsValidated { Datasets = { new ValidatedDataset { Name = "patients", Info = Schema("patients") } } };
            answer.Datasets.AddRange(request.Datasets.Select(d => new ValidatedDataset { Name = d.Name, Info = Schema(d.Name) }));
            return answer;
        });
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetCatalog.BuildAsync(Options(true, "patients"), validator, CancellationToken.None));
        Assert.Equal("Dataset 'patients' is given twice.", e.Message);
    }

    [Fact]
    public async Task A_validator_that_cannot_answer_stops_the_catalog()
    {
        var validator = new FakeValidator(_ => throw new InvalidOperationException("The worker stopped before answering."));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => DatasetCatalog.BuildAsync(Options(false, "patients"), validator, CancellationToken.None));
        Assert.Equal("The datasets could not be checked in a worker: The worker stopped before answering.", e.Message);
    }
}
