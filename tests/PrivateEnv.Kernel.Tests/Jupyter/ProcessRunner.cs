using System.Diagnostics;
using System.Text;

namespace PrivateEnv.Kernel.Tests.Jupyter;

internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string Describe() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? RepoLayout.Root };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} ran longer than {timeout.TotalSeconds} s.\n{stdout}\n{stderr}");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The Jupyter tools come from Debian packages for the system python; fail with the install line when absent.</summary>
    public static void RequireJupyter()
    {
        const string install = "apt-get install -y jupyter-client python3-nbclient jupyter-nbconvert jupyter-console python3-jupyter-kernel-test";
        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/jupyter-nbconvert"))
            throw new InvalidOperationException($"These tests drive the kernel with real Jupyter clients; install them: {install}");
        var probe = RunAsync("/usr/bin/python3", ["-c", "import jupyter_kernel_test, nbclient"], null, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (probe.ExitCode != 0)
            throw new InvalidOperationException($"The system python lacks jupyter_kernel_test or nbclient; install them: {install}\n{probe.Stderr}");
    }
}
