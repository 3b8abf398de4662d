using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace PrivateEnv.TestSupport;

/// <summary>
/// `dotnet-interactive stdio`, the engine behind Polyglot Notebooks (the tool pinned in .config/dotnet-tools.json), driven
/// over its stdio protocol: JSON command envelopes in, event envelopes out, one per line. Killed on dispose.
/// </summary>
public sealed class DotnetInteractive : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<JsonNode> events = Channel.CreateUnbounded<JsonNode>();
    private readonly StringBuilder stderr = new();
    private int next;

    private DotnetInteractive(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { Length: > 0 } line || line[0] != '{') return;   // the banner is plain text
            try { if (JsonNode.Parse(line) is { } node) events.Writer.TryWrite(node); }
            catch (JsonException) { }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// Restores the pinned tool (`dotnet tool restore`, from the NuGet feed on first use). A missing tool fails the test, never
    /// skips it: these tests must run under CI=true.
    /// </summary>
    public static async Task RestoreToolAsync()
    {
        var (exitCode, output) = await RunAsync("dotnet", ["tool", "restore"], TimeSpan.FromMinutes(5));
        if (exitCode != 0) throw new InvalidOperationException("dotnet tool restore (dotnet-interactive) failed:\n" + output);
    }

    /// <summary>Starts `dotnet tool run dotnet-interactive -- stdio` in the repository with extra environment variables.</summary>
    public static DotnetInteractive Start(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var argument in (string[])["tool", "run", "dotnet-interactive", "--", "stdio"]) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return new DotnetInteractive(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet-interactive."));
    }

    /// <summary>
    /// Submits a cell and collects its events until the cell succeeds or fails. <paramref name="onEvent"/> sees each event as it
    /// arrives (e.g. to interrupt a running cell with <see cref="CancelAsync"/>).
    /// </summary>
    public async Task<InteractiveReply> SubmitAsync(string code, string? targetKernel = null, int timeoutSeconds = 120, Func<JsonNode, Task>? onEvent = null)
    {
        var token = $"test-{Interlocked.Increment(ref next)}";
        var command = new JsonObject { ["code"] = code };
        if (targetKernel is not null) command["targetKernelName"] = targetKernel;
        await SendAsync(new JsonObject { ["token"] = token, ["commandType"] = "SubmitCode", ["command"] = command });

        var text = new StringBuilder();
        var received = new List<JsonNode>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            JsonNode e;
            try { e = await events.Reader.ReadAsync(timeout.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"No reply to '{code}' within {timeoutSeconds} s; so far: {text}\nstderr: {Stderr}"); }
            received.Add(e);
            if (onEvent is not null) await onEvent(e);
            var type = e["eventType"]?.GetValue<string>();
            if (e["event"]?["formattedValues"] is JsonArray values)
                foreach (var value in values) text.Append(value?["value"]?.GetValue<string>()).Append('\n');
            if (e["event"]?["message"] is JsonValue message) text.Append(message.GetValue<string>()).Append('\n');
            if (type is "CommandSucceeded" or "CommandFailed" && e["command"]?["token"]?.GetValue<string>() == token)
                return new InteractiveReply(type == "CommandSucceeded", text.ToString(), received);
        }
    }

    /// <summary>Interrupts the running cell, as the notebook's stop button does (a Cancel command).</summary>
    public Task CancelAsync() =>
        SendAsync(new JsonObject { ["token"] = $"cancel-{Interlocked.Increment(ref next)}", ["commandType"] = "Cancel", ["command"] = new JsonObject() });

    public string Stderr
    {
        get { lock (stderr) return stderr.ToString(); }
    }

    private async Task SendAsync(JsonObject envelope)
    {
        await process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await process.StandardInput.FlushAsync();
    }

    /// <summary>Runs a command in the repository to its end; its exit code and output (stdout then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderrText = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {timeout.TotalSeconds} s.");
        }
        return (process.ExitCode, await stdout + await stderrText);
    }

    public ValueTask DisposeAsync()
    {
        try { process.StandardInput.Close(); } catch (IOException) { }
        if (!process.WaitForExit(1000)) process.Kill(entireProcessTree: true);   // it does not always exit on end of input
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>How a submitted cell ended, the text of its outputs and messages, and every event it produced.</summary>
public sealed record InteractiveReply(bool Succeeded, string Text, IReadOnlyList<JsonNode> Events);
