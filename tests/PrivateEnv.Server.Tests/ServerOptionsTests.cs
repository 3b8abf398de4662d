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
        Assert.Contains(option == "--bogus" ? "Unknown option '--bogus'" : option, error.Message);
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

    /// <summary>The README's option list is the server's usage text (one source; it had drifted: three options missing).</summary>
    [Fact]
    public void The_readme_lists_exactly_the_usage_text()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "PrivateEnv.sln"))) root = root.Parent!;
        var readme = File.ReadAllText(Path.Combine(root.FullName, "README.md")).ReplaceLineEndings("\n");
        var section = readme[(readme.IndexOf("## Server options", StringComparison.Ordinal))..];
        var block = section[(section.IndexOf("```\n", StringComparison.Ordinal) + 4)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)].TrimEnd('\n');
        var usage = string.Join("\n", ServerOptions.Usage.ReplaceLineEndings("\n").Split('\n').Skip(1).Select(l => l.Length >= 2 ? l[2..] : l));
        Assert.Equal(usage, block);
    }
}
