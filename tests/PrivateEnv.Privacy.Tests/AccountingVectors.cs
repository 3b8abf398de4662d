using System.Text.Json;

namespace PrivateEnv.Privacy.Tests;

/// <summary>Reference values computed with Google's dp_accounting (Data/accounting-vectors.json).</summary>
public static class AccountingVectors
{
    public sealed record Case(long SampleSize, long BatchSize, double NoiseMultiplier, double Epochs, double Delta, long Steps, double RdpEpsilon, double RdpOrder, double PldEpsilon);

    public sealed record Calibration(long SampleSize, long BatchSize, double Epochs, double Delta, double TargetEpsilon, double RdpNoiseMultiplier, double AchievedRdpEpsilon);

    private sealed record File(List<Case> Cases, List<Calibration> Calibration);

    private static readonly Lazy<File> Data = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "accounting-vectors.json");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return JsonSerializer.Deserialize<File>(System.IO.File.ReadAllText(path), options)!;
    });

    public static IReadOnlyList<Case> Cases => Data.Value.Cases;
    public static IReadOnlyList<Calibration> Calibrations => Data.Value.Calibration;

    public static TheoryData<int> CaseIndexes() { var d = new TheoryData<int>(); for (var i = 0; i < Cases.Count; i++) d.Add(i); return d; }
    public static TheoryData<int> CalibrationIndexes() { var d = new TheoryData<int>(); for (var i = 0; i < Calibrations.Count; i++) d.Add(i); return d; }
}
