using PrivateEnv.DataFrame.Hosting;

namespace PrivateEnv.Hostile.Tests.Transcripts;

/// <summary>
/// The demo dataset "patients" (declared rows: 10,000) in neighbouring versions: the base has its first 9,999
/// generated rows; each neighbour adds one row chosen to hurt (extreme values, out-of-bound and unparseable values,
/// the smallest values) or removes one. All have the same public row space (10,000 slots); an undeclared variant
/// checks the rounded row space too.
/// </summary>
public static class NeighbourDatasets
{
    public const string Name = "patients";

    private static readonly Lazy<string> BaseCsv = new(() => DemoDataset.GenerateCsv(9_999));

    public static string MetadataJson => DemoDataset.MetadataJson;

    public static string UndeclaredMetadataJson => DemoDataset.MetadataJson.Replace("\"rows\": 10000,", "", StringComparison.Ordinal);

    public static string Base => BaseCsv.Value;

    public static IReadOnlyList<(string Name, string Csv)> Neighbours { get; } =
    [
        ("an extreme row added", BaseCsv.Value + "95,M,60,220,400,1,west,heart_disease\n"),
        ("an out-of-bounds, unparseable row added", BaseCsv.Value + "500,X,NaN,,1e308,maybe,nowhere,\n"),
        ("the smallest row added", BaseCsv.Value + "18,F,12,80,100,0,north,healthy\n"),
        ("the first row removed", RemoveFirstRow(BaseCsv.Value)),
    ];

    private static string RemoveFirstRow(string csv)
    {
        var header = csv.IndexOf('\n');
        var first = csv.IndexOf('\n', header + 1);
        return csv[..(header + 1)] + csv[(first + 1)..];
    }
}
