using System.Diagnostics;

namespace PrivateEnv.TestSupport;

/// <summary>Runs the `privateenv` command line as a process.</summary>
public static class CliProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoPaths.CliDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("PRIVATEENV_URL");
        start.Environment.Remove("PRIVATEENV_API_KEY");
        start.Environment.Remove("PRIVATEENV_DATASET");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
