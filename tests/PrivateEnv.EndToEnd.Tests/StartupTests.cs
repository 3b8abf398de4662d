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
