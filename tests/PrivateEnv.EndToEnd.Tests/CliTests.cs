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
