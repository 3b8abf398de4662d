using System.Diagnostics;

namespace PrivateEnv.Hostile.Tests;

/// <summary>Without bubblewrap the server warns loudly, and --require-sandbox makes it refuse to start.</summary>
public class SandboxRequirementTests
{
    private static (int ExitCode, string Output) StartWithoutBubblewrap(params string[] extra)
    {
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "/usr/bin/dotnet";
        var dataDir = Directory.CreateTempSubdirectory("privateenv-nosandbox-").FullName;
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // A PATH with no bwrap on it: the server looks bubblewrap up there.
        start.Environment["PATH"] = dataDir;
        foreach (var arg in (string[])[ServerFixture.ServerDll(), "--urls", $"http://127.0.0.1:{ServerFixture.FreePort()}", "--data-dir", dataDir, "--api-key", ServerFixture.ApiKey, .. extra])
            start.ArgumentList.Add(arg);
        using var server = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.StartsWith("Workers:", StringComparison.Ordinal)) started.TrySetResult();
        }
        server.OutputDataReceived += (_, e) => OnLine(e.Data);
        server.ErrorDataReceived += (_, e) => OnLine(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        Task.WaitAny([started.Task, server.WaitForExitAsync()], TimeSpan.FromSeconds(60));
        var exitCode = server.HasExited ? server.ExitCode : -1;
        if (!server.HasExited) server.Kill(entireProcessTree: true);
        server.WaitForExit();
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        lock (output) return (exitCode, output.ToString());
    }

    [Fact]
    public void RequireSandboxRefusesToStartWithoutBubblewrap()
    {
        var (exitCode, output) = StartWithoutBubblewrap("--require-sandbox");
        Assert.Equal(2, exitCode);
        Assert.Contains("--require-sandbox is set but bubblewrap (bwrap) is not installed", output);
    }

    [Fact]
    public void WithoutBubblewrapTheServerWarnsLoudly()
    {
        var (exitCode, output) = StartWithoutBubblewrap();
        Assert.Equal(-1, exitCode); // still running when we stopped it
        Assert.Contains("WARNING: bubblewrap (bwrap) is not installed", output);
        Assert.Contains("Workers: NOT sandboxed", output);
    }
}
