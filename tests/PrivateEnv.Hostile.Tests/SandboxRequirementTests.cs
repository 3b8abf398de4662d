using PrivateEnv.TestSupport;

namespace PrivateEnv.Hostile.Tests;

/// <summary>Without bubblewrap the server warns loudly, and --require-sandbox makes it refuse to start.</summary>
public class SandboxRequirementTests
{
    /// <summary>A PATH with no bwrap on it: the server looks bubblewrap up there.</summary>
    private static Dictionary<string, string> NoBubblewrap(string dataDir) => new() { ["PATH"] = dataDir };

    [Fact]
    public async Task RequireSandboxRefusesToStartWithoutBubblewrap()
    {
        var dataDir = Directory.CreateTempSubdirectory("privateenv-nosandbox-").FullName;
        try
        {
            var (exitCode, output) = await ServerProcess.RunToExitAsync(NoBubblewrap(dataDir),
                "--urls", $"http://127.0.0.1:{ServerProcess.FreePort()}", "--data-dir", dataDir, "--api-key", ServerFixture.ApiKey, "--require-sandbox");
            Assert.Equal(2, exitCode);
            Assert.Contains("--require-sandbox is set but bubblewrap (bwrap) is not installed", output);
        }
        finally { Directory.Delete(dataDir, recursive: true); }
    }

    [Fact]
    public async Task WithoutBubblewrapTheServerWarnsLoudly()
    {
        var dataDir = Directory.CreateTempSubdirectory("privateenv-nosandbox-").FullName;
        await using (var server = await ServerProcess.StartAsync(dataDir: dataDir, apiKey: ServerFixture.ApiKey, environment: NoBubblewrap(dataDir)))
        {
            Assert.False(server.HasExited);
            Assert.Contains("WARNING: bubblewrap (bwrap) is not installed", server.Log);
            Assert.Contains("Workers: NOT sandboxed", server.Log);
        }
        Directory.Delete(dataDir, recursive: true);
    }
}
