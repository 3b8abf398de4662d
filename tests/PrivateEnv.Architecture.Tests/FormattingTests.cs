using System.Diagnostics;

namespace PrivateEnv.Architecture.Tests;

/// <summary>The tree is formatted as .editorconfig says (the build checks the style rules; this checks whitespace).</summary>
public class FormattingTests
{
    [Fact]
    public async Task Whitespace_follows_the_editorconfig()
    {
        var start = new ProcessStartInfo("dotnet", ["format", "whitespace", "--verify-no-changes", "--folder", Repository.Root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var format = Process.Start(start)!;
        var output = format.StandardOutput.ReadToEndAsync();
        var errors = format.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await format.WaitForExitAsync(limit.Token);
        Assert.True(format.ExitCode == 0, $"Run `dotnet format whitespace --folder .` and commit:\n{await output}{await errors}");
    }
}
