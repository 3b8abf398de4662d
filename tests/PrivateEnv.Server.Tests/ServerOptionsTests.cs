namespace PrivateEnv.Server.Tests;

public class ServerOptionsTests
{
    [Fact]
    public void DefaultsServeLoopbackWithTheDemo()
    {
        var options = ServerOptions.Parse([]);
        Assert.Equal("http://127.0.0.1:50051", options.Urls);
        Assert.True(options.Demo);
        Assert.Equal(TimeSpan.FromSeconds(60), options.CellTimeout);
        Assert.EndsWith(".privateenv/ledger.db", options.LedgerOrDefault);
    }

    [Fact]
    public void OptionsParseIncludingRepeatedDatasets()
    {
        var options = ServerOptions.Parse(["--dataset", "a=/d/a.csv:/d/a.json", "--dataset", "b=/d/b.csv", "--session-epsilon", "1.5",
            "--cell-timeout", "5", "--ledger", "Host=127.0.0.1;Database=pe", "--max-sessions", "3"]);
        Assert.Equal([("a", "/d/a.csv", "/d/a.json"), ("b", "/d/b.csv", (string?)null)], options.Datasets.Select(d => (d.Name, d.CsvPath, d.MetadataPath)));
        Assert.Equal(1.5, options.SessionEpsilon);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CellTimeout);
        Assert.Equal("Host=127.0.0.1;Database=pe", options.LedgerOrDefault);
        Assert.Equal(3, options.MaxSessionsPerAnalyst);
    }

    [Theory]
    [InlineData("--session-epsilon", "-1")]
    [InlineData("--session-epsilon", "NaN")]
    [InlineData("--session-delta", "1")]
    [InlineData("--dataset", "noequals")]
    [InlineData("--api-key", "short")]
    [InlineData("--bogus", "x")]
    [InlineData("--cell-cpu-seconds", "0")]
    [InlineData("--metrics-url", "127.0.0.1:9464")]
    [InlineData("--metrics-url", "https://127.0.0.1:9464")]
    [InlineData("--metrics-url", "http://127.0.0.1")]
    [InlineData("--otlp-endpoint", "grpc://collector:4317")]
    public void BadOptionsSayWhatIsWrong(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ServerOptions.Parse([option, value]));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void MetricsAndOtlpUrlsParse()
    {
        var options = ServerOptions.Parse(["--metrics-url", "http://127.0.0.1:9464", "--otlp-endpoint", "http://127.0.0.1:4317"]);
        Assert.Equal(9464, options.MetricsUrl!.Port);
        Assert.Equal(new Uri("http://127.0.0.1:4317"), options.OtlpEndpoint);
        Assert.Null(ServerOptions.Parse([]).MetricsUrl);
        Assert.Equal(TimeSpan.FromSeconds(60), ServerOptions.Parse([]).CellCpuTimeOrDefault);
        Assert.Equal(TimeSpan.FromSeconds(5), ServerOptions.Parse(["--cell-cpu-seconds", "5"]).CellCpuTimeOrDefault);
    }
}
