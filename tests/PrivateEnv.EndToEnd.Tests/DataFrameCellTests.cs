using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>The PrivateDataFrame surface used from real server cells, through the verifier and release gate.</summary>
public class DataFrameCellTests(LongCellServer fixture) : IClassFixture<LongCellServer>
{
    [Fact]
    public async Task FreeOperationsAndDpAggregatesWorkInACell()
    {
        await using var session = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]);
        var result = await session.RunAsync("""
            var older = patients[patients["age"] >= 50];
            var bmi = older["bmi"].Clip(15, 45);
            var scaled = (patients["systolic_bp"] - 80) / 140;
            var smokers = patients[patients["smoker"].Eq(1) & patients["sex"].Eq("F")];
            var logChol = patients["cholesterol"].Map(x => Math.Log(x), 4.6, 6.0);
            var encoded = patients.OneHotEncode("region");
            var (train, test) = patients.TrainTestSplit(0.2);
            Print(bmi.Mean(eps: 0.1) > 15, scaled.Mean(eps: 0.1) >= 0, logChol.Mean(eps: 0.1) > 4.5);
            Print(smokers.Count(eps: 0.1) > -100, train.Count(eps: 0.1) > test.Count(eps: 0.1));
            Print(patients["age"].Median(eps: 0.1) is >= 18 and <= 95, patients["bmi"].Std(eps: 0.1) >= 0);
            Display(patients.Describe(eps: 0.8));
            Display(patients.GroupBy("region").Agg(0.3, ("age", "mean"), ("*", "count")));
            Display(patients["diagnosis"].ValueCounts(eps: 0.2));
            var corr = patients.Corr("age", "systolic_bp", eps: 0.2);
            Export(corr, "corr");
            Export(patients["sex"].ValueCounts(eps: 0.1), "sexes");
            """);
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal("true true true\ntrue true\ntrue true\n", result.Stdout);
        var displays = result.Events.Where(e => e.KindCase == ExecuteEvent.KindOneofCase.Display).ToList();
        Assert.Equal(3, displays.Count);
        Assert.All(displays, d => Assert.Contains("text/html", d.Display.Text.Keys));
        Assert.Contains("age", displays[0].Display.Text["text/plain"]);
        Assert.InRange(session.Exports.Get<double>("corr"), -1, 1);
        Assert.Equal(ValueEncoding.Csv, session.Exports.Raw("sexes").Encoding);
        Assert.StartsWith("F", session.Exports.Get<string>("sexes").Split('\n')[1]);
        var odometer = await session.GetOdometerAsync();
        Assert.Equal(2.4, odometer.Session.EpsilonSpent, 9);
    }

    [Fact]
    public async Task TheRestOfTheSurfaceWorksInACellToo()
    {
        await using var session = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]);
        var result = await session.RunAsync("""
            var regions = PublicTable.ParseCsv("region,weight\nnorth,1\nsouth,2\neast,3\nwest,4\n");
            var joined = patients.Join(regions, "region");
            var both = PrivateDataFrame.Concat(patients.Sample(0.5), patients.Sample(0.5));
            var renamed = patients.Rename("bmi", "body_mass").Select("age", "body_mass").Drop("age");
            var assigned = patients.Assign("bp_over_age", patients["systolic_bp"] / patients["age"]);
            var kept = patients.DropNa("age");
            var cleaned = kept.Where(kept["region"].IsIn("north", "east"));
            var shifted = (patients["age"] - 50).Abs().Round(0).FillNa(0).Rename("distance");
            var flags = patients["smoker"].AsType(ColumnKind.Numeric);
            var imported = PrivateDataFrame.FromPublic(regions, "{\"columns\":{\"weight\":{\"type\":\"numeric\",\"lower\":0,\"upper\":10}}}");
            Print(joined["weight"].Sum(eps: 0.1) > -1000, both.Count(eps: 0.1) > -1000, renamed.Columns.Count);
            Print(assigned["bp_over_age"].Mean(eps: 0.1) > 0, cleaned.Count(eps: 0.1) > -1000, shifted.Max(eps: 0.1) >= 0);
            Print(flags.Var(eps: 0.1) >= 0, patients["age"].Percentile(90, eps: 0.1) >= 18, patients["age"].Min(eps: 0.1) >= 18);
            Print(patients.Cov("age", "bmi", eps: 0.1) > -1000, imported["weight"].Mean(eps: 0.1) >= 0);
            Display(patients.Histogram2D("sex", "diagnosis", eps: 0.1));
            Display(patients["age"].Histogram(8, eps: 0.1));
            """);
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal("true true 1\ntrue true true\ntrue true true\ntrue true\n", result.Stdout);
        Assert.Equal(1.2, (await session.GetOdometerAsync()).Session.EpsilonSpent, 9);
    }

    [Fact]
    public async Task AMapFunctionThatCouldSmuggleValuesOutIsRefused()
    {
        await using var session = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]);
        var leak = await session.RunAsync("""
            var seen = new List<double>();
            var s = patients["age"].Map(x => { seen.Add(x); return x; }, 18, 95);
            Print(seen.Count);
            """);
        Assert.Equal(ErrorKind.Refused, leak.Error?.Kind);
        Assert.Contains("function applied to private values", leak.Error!.Message);
        var loop = await session.RunAsync("""var s = patients["age"].Map(x => { while (x == 42) { } return x; }, 18, 95);""");
        Assert.Equal(ErrorKind.Refused, loop.Error?.Kind);
        Assert.Equal(0, (await session.GetOdometerAsync()).Session.EpsilonSpent);
    }
}
