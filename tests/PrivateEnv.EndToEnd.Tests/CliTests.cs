using System.Text.Json;
using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>`privateenv exec` exit codes and JSON output against the real server.</summary>
public class CliTests(SharedServer fixture) : IClassFixture<SharedServer>
{
    [Fact]
    public async Task ExecPrintsADpMeanAndTheOdometerAsJson()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync("exec", "--url", fixture.Server.Url, "--api-key", fixture.Server.ApiKey,
            "--dataset", "patients", "--code", "var m = patients[\"age\"].Mean(eps: 0.5); Print(\"done\"); Export(m, \"m\");", "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.InRange(root.GetProperty("exports").GetProperty("m").GetProperty("value").GetDouble(), 18, 95);
        Assert.Equal(0.5, root.GetProperty("odometer").GetProperty("epsilon_spent").GetDouble(), 9);
        Assert.Equal("done\n", root.GetProperty("outputs")[0].GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task ACellErrorExitsWithOne()
    {
        var (code, _, stderr) = await CliProcess.RunAsync("exec", "--url", fixture.Server.Url, "--api-key", fixture.Server.ApiKey,
            "--code", "System.IO.File.Delete(\"/tmp/x\");");
        Assert.Equal(1, code);
        Assert.Contains("error (refused)", stderr);
    }

    [Fact]
    public async Task UsageAndConnectionErrorsExitWithTwo()
    {
        var (code, _, stderr) = await CliProcess.RunAsync("exec", "--url", fixture.Server.Url, "--api-key", fixture.Server.ApiKey);
        Assert.Equal(2, code);
        Assert.Contains("--code", stderr);
        (code, _, stderr) = await CliProcess.RunAsync("exec", "--url", $"http://127.0.0.1:{ServerProcess.FreePort()}", "--api-key", "whatever-key", "--code", "1");
        Assert.Equal(2, code);
        Assert.Contains("could not open a session", stderr);
    }
}

/// <summary>`privateenv budget` answers the seed questions and refuses bad input with exit code 2.</summary>
public class BudgetCliTests
{
    [Fact]
    public async Task TheSeedRunCostsEpsilon0563AtOrder18WithRdpAnd0370WithPld()
    {
        string[] run = ["budget", "--sample-size", "60000", "--batch-size", "250", "--epochs", "3", "--noise-multiplier", "1.3", "--delta", "1e-5", "--json"];
        var (code, stdout, stderr) = await CliProcess.RunAsync(run);
        Assert.True(code == 0, stderr);
        using var rdp = JsonDocument.Parse(stdout);
        Assert.Equal(0.563, rdp.RootElement.GetProperty("epsilon").GetDouble(), 3);
        Assert.Equal(18, rdp.RootElement.GetProperty("order").GetDouble());
        Assert.Equal(720, rdp.RootElement.GetProperty("steps").GetInt64());
        Assert.Equal("rdp", rdp.RootElement.GetProperty("accountant").GetString());
        (code, stdout, _) = await CliProcess.RunAsync([.. run, "--accountant", "pld"]);
        Assert.Equal(0, code);
        using var pld = JsonDocument.Parse(stdout);
        Assert.Equal(0.370, pld.RootElement.GetProperty("epsilon").GetDouble(), 3);
    }

    [Fact]
    public async Task ATargetEpsilonGivesTheNoiseMultiplierThatReachesIt()
    {
        var (code, stdout, _) = await CliProcess.RunAsync("budget", "--sample-size", "60000", "--batch-size", "250", "--epochs", "3",
            "--target-epsilon", "1.0", "--delta", "1e-5", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.InRange(json.RootElement.GetProperty("epsilon").GetDouble(), 0.99, 1.0);
        Assert.InRange(json.RootElement.GetProperty("noise_multiplier").GetDouble(), 0.9, 1.2);
    }

    [Theory]
    [InlineData("--batch-size", "70000", "cannot exceed")]
    [InlineData("--noise-multiplier", "0", "noise")]
    [InlineData("--delta", "1.5", "(0, 1)")]
    [InlineData("--sample-size", "-5", "")]
    [InlineData("--noise-multiplier", "NaN", "")]
    public async Task BadInputExitsWithTwoAndAClearMessage(string option, string value, string expected)
    {
        var args = new Dictionary<string, string>
        {
            ["--sample-size"] = "60000",
            ["--batch-size"] = "250",
            ["--epochs"] = "3",
            ["--noise-multiplier"] = "1.3",
            ["--delta"] = "1e-5",
        };
        args[option] = value;
        var (code, _, stderr) = await CliProcess.RunAsync(["budget", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
        Assert.False(string.IsNullOrWhiteSpace(stderr));
    }
}
