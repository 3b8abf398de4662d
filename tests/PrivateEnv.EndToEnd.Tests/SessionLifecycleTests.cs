using PrivateEnv.Client;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>The foundation's promise, through the real server, worker process and client.</summary>
public class SessionLifecycleTests(SharedServer fixture) : IClassFixture<SharedServer>
{
    [Fact]
    public async Task OneSessionRunsStateDpMeanBudgetRefusalAndTimeoutThenTheServerServesOn()
    {
        var server = fixture.Server;
        await using (var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]))
        {
            Assert.Equal(3.0, session.Budget.EpsilonTotal);
            Assert.Contains(session.Datasets.Single().Columns, c => c.Name == "age" && c.Lower == 18 && c.Upper == 95);

            // State survives from cell to cell.
            Assert.True((await session.RunAsync("var x = 21;")).Success);
            var second = await session.RunAsync("Print(x * 2);");
            Assert.True(second.Success);
            Assert.Equal("42\n", second.Stdout);

            // A DP mean is charged to the ledger and exported.
            var mean = await session.RunAsync("var m = patients[\"age\"].Mean(eps: 1.0); Export(m, \"m\");");
            Assert.True(mean.Success, mean.Error?.Message);
            var m = session.Exports.Get<double>("m");
            Assert.InRange(m, 18, 95);
            var odometer = await session.GetOdometerAsync();
            Assert.Equal(1.0, odometer.Session.EpsilonSpent, 9);
            Assert.Single(odometer.Charges); // one charge for the whole ε of the mean

            // A forbidden API is refused, names the API and its line, and costs nothing.
            var forbidden = await session.RunAsync("var ok = 1;\nvar secret = System.IO.File.ReadAllText(\"/etc/passwd\");");
            Assert.Equal(ErrorKind.Refused, forbidden.Error?.Kind);
            Assert.Equal(2, forbidden.Error!.Line);
            Assert.Contains("System.IO.File", forbidden.Error.Message);

            // Asking more than is left is refused with the needed and remaining ε; nothing is spent or released.
            var tooMuch = await session.RunAsync("Print(patients.Count(eps: 2.5));");
            Assert.Equal(ErrorKind.Budget, tooMuch.Error?.Kind);
            Assert.Contains("needs ε=2.5", tooMuch.Error!.Message);
            Assert.Contains("ε=2 left of 3", tooMuch.Error.Message);
            Assert.Equal("", tooMuch.Stdout);
            Assert.Equal(1.0, (await session.GetOdometerAsync()).Session.EpsilonSpent, 9);

            // An infinite loop hits the cell timeout; its worker is replaced; budget stays spent.
            var loop = await session.RunAsync("while (true) { }");
            Assert.Equal(ErrorKind.Timeout, loop.Error?.Kind);
            var after = await session.RunAsync("Print(patients.Count(eps: 0.5) > 0);");
            Assert.True(after.Success, after.Error?.Message);
            Assert.Contains(after.Events, e => e.KindCase == Protocol.V1.ExecuteEvent.KindOneofCase.Notice);
            Assert.Equal(1.5, (await session.GetOdometerAsync()).Session.EpsilonSpent, 9);
            var lost = await session.RunAsync("Print(x);");
            Assert.Equal(ErrorKind.Compile, lost.Error?.Kind);
        }

        // The server still serves the next session, with a fresh budget.
        await using var next = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
        var result = await next.RunAsync("patients[\"bmi\"].Mean(eps: 0.1)");
        Assert.True(result.Success, result.Error?.Message);
        Assert.True(double.TryParse(result.Completed!.ValueText, System.Globalization.CultureInfo.InvariantCulture, out var bmi));
        Assert.InRange(bmi, 12, 60);
        Assert.Equal(0.1, next.Budget.EpsilonSpent, 9);
    }

    [Fact]
    public async Task ImportedPublicValuesBecomeVariables()
    {
        var server = fixture.Server;
        await using var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]);
        Assert.Equal("double[]", await session.PrivateImportAsync("weights", new[] { 0.5, 1.5, 2.0 }));
        var result = await session.RunAsync("Print(weights.Sum());");
        Assert.Equal("4\n", result.Stdout);

        // Every kind an import decodes is one the release gate exports: the same table both ways.
        Assert.Equal("double[][]", await session.PrivateImportAsync("grid", new[] { new[] { 1.0, 2.0 }, new[] { 3.0 } }));
        Assert.Equal("System.DateTime", await session.PrivateImportAsync("since", new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("PrivateEnv.DataFrame.PublicTable", await session.PrivateImportAsync("regions", PortableTable.ParseCsv("region,weight\nnorth,1\nsouth,2\n")));
        var back = await session.RunAsync("""
            Print(grid[1][0], since.Year, regions.RowCount, regions.GetNumber(1, "weight"));
            Export(grid, "grid"); Export(since, "since"); Export(regions, "regions");
            """);
        Assert.True(back.Success, back.Error?.Message);
        Assert.Equal("3 2024 2 2\n", back.Stdout);
        Assert.Equal([[1.0, 2.0], [3.0]], (double[][])session.Exports.Decode("grid").Value!);
        Assert.Equal(new DateTime(2024, 1, 2), (DateTime)session.Exports.Decode("since").Value!);
        Assert.Equal(["north", "south"], ((PortableTable)session.Exports.Decode("regions").Value!)["region"]);

        // Malformed payloads and kinds a cell cannot receive are refused with errors that quote none of the payload.
        var malformed = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => session.PrivateImportAsync("x", new PortableValue(PortableKind.DoubleArray, PortableEncoding.Json, "[1, SECRET]"u8.ToArray())));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Contains("double[] payload is not JSON of that kind", malformed.Status.Detail);
        Assert.DoesNotContain("SECRET", malformed.Status.Detail);
        var record = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => session.PrivateImportAsync("x", new PortableValue(PortableKind.Record, PortableEncoding.Json, "{}"u8.ToArray())));
        Assert.Contains("A record cannot be imported", record.Status.Detail);
    }
}
