using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>Bad datasets or options stop the server at start with a clear message and exit code 2.</summary>
public class StartupTests
{
    [Theory]
    [InlineData("""{"columns":{"age":{"type":"numeric","lower":90,"upper":10}}}""", "lower ≤ upper")]
    [InlineData("""{"columns":{"height":{"type":"numeric","lower":0,"upper":3}}}""", "does not have")]
    [InlineData("""{"columns":{"age":{"type":"numeric","lower":0,"upper":99,"categories":["a"]}}}""", "either numeric or categorical")]
    [InlineData("""not json""", "not valid JSON")]
    public async Task BadMetadataIsRefusedAtStart(string metadata, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("privateenv-start-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "d.csv"), "age\n30\n40\n");
            File.WriteAllText(Path.Combine(dir, "d.json"), metadata);
            var (code, output) = await ServerProcess.RunToExitAsync("--data-dir", dir, "--no-demo", "--dataset", $"d={dir}/d.csv:{dir}/d.json");
            Assert.Equal(2, code);
            Assert.Contains(expected, output);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// Only a worker reads a dataset's rows: a malformed second row stops the server with the worker's message, naming
    /// the dataset, before it listens.
    /// </summary>
    [Fact]
    public async Task AMalformedRowIsFoundByTheCheckingWorkerAndStopsTheServer()
    {
        var dir = Directory.CreateTempSubdirectory("privateenv-start-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "d.csv"), "age\n30,31\n40\n");
            File.WriteAllText(Path.Combine(dir, "d.json"), """{"columns":{"age":{"type":"numeric","lower":0,"upper":99}}}""");
            var (code, output) = await ServerProcess.RunToExitAsync("--data-dir", dir, "--no-demo", "--dataset", $"d={dir}/d.csv:{dir}/d.json");
            Assert.Equal(2, code);
            Assert.Contains("privateenv-server: Dataset 'd': CSV row 2 has 2 fields, the header has 1.", output);
            Assert.DoesNotContain("listening", output);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// A dataset that breaks after the start-up check (its CSV rewritten) fails the session's worker; what is wrong with
    /// the data goes to the server's log, and the analyst is told only to ask the operator.
    /// </summary>
    [Fact]
    public async Task ADatasetThatBreaksLaterIsDescribedToTheOperatorNotTheAnalyst()
    {
        var dir = Directory.CreateTempSubdirectory("privateenv-start-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "d.csv"), "age\n30\n40\n");
            File.WriteAllText(Path.Combine(dir, "d.json"), """{"columns":{"age":{"type":"numeric","lower":0,"upper":99}}}""");
            await using var server = await ServerProcess.StartAsync(["--no-demo", "--dataset", $"d={dir}/d.csv:{dir}/d.json"]);
            File.WriteAllText(Path.Combine(dir, "d.csv"), "age\n30,31\n40\n");
            var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => PrivateEnv.Client.PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["d"]));
            Assert.Equal(Grpc.Core.StatusCode.Unavailable, error.StatusCode);
            Assert.Contains("tell the server's operator", error.Status.Detail);
            Assert.DoesNotContain("row", error.Status.Detail);
            Assert.Contains("Dataset 'd': CSV row 2 has 2 fields", server.Log);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// The server process never maps the DataFrame library (so it cannot parse a CSV), yet starts with the demo, which
    /// the checking worker wrote into the demo's own directory. Reads /proc/PID/maps, so Linux only (servers run there).
    /// </summary>
    [Fact]
    public async Task TheServerProcessNeverLoadsTheDataFrameLibrary()
    {
        Assert.True(OperatingSystem.IsLinux(), "This test reads /proc/PID/maps.");
        await using var server = await ServerProcess.StartAsync();
        Assert.True(File.Exists(Path.Combine(server.DataDir, "demo", "patients.csv")));
        var maps = File.ReadAllText($"/proc/{server.ProcessId}/maps");
        Assert.Contains("PrivateEnv.Sandbox.dll", maps);
        Assert.DoesNotContain("PrivateEnv.DataFrame.dll", maps);
    }

    [Fact]
    public async Task AMissingCsvAndAnUnknownOptionAreUsageErrors()
    {
        var (code, output) = await ServerProcess.RunToExitAsync("--no-demo", "--dataset", "d=/nonexistent/d.csv:/nonexistent/d.json");
        Assert.Equal(2, code);
        Assert.Contains("no CSV file", output);
        (code, output) = await ServerProcess.RunToExitAsync("--frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("Unknown option '--frobnicate'", output);
    }
}
