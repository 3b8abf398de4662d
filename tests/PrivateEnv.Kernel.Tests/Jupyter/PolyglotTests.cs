using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>
/// Polyglot Notebooks: the kernel behind VS Code's Polyglot extension is dotnet-interactive, driven over
/// its stdio protocol (JSON command and event envelopes, one per line). The test drives it the same way:
/// `#!connect jupyter --kernel-name pe --kernel-spec privateenv`, then cells for the `pe` kernel. The tool
/// is pinned in .config/dotnet-tools.json and restored from the NuGet feed on first use.
/// </summary>
public class PolyglotTests
{
    private readonly KernelSpecFixture fixture = KernelSpecFixture.Shared;

    [Fact]
    public async Task Polyglot_connects_to_the_kernel_and_runs_private_cells_exports_and_imports()
    {
        var restore = await ProcessRunner.RunAsync("dotnet", ["tool", "restore"], null, TimeSpan.FromMinutes(5));
        Assert.True(restore.ExitCode == 0, "dotnet tool restore (dotnet-interactive) failed: " + restore.Describe());
        await using var server = await ServerProcess.StartAsync();
        var environment = fixture.Environment(new Dictionary<string, string>
        {
            ["PRIVATEENV_URL"] = server.Url,
            ["PRIVATEENV_API_KEY"] = server.ApiKey,
            ["PRIVATEENV_DATASET"] = "patients",
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
        });
        await using var polyglot = StdioKernel.Start(environment);

        Assert.Contains("Kernel added: #!pe", (await polyglot.SubmitAsync("#!connect jupyter --kernel-name pe --kernel-spec privateenv", timeoutSeconds: 180)).Text);

        var local = await polyglot.SubmitAsync("var bands = new[] { 18.0, 40.0, 65.0 };\nbands.Length", "pe");
        Assert.True(local.Succeeded, local.Text);
        Assert.Contains("3", local.Text);

        // Cells for the server start with %%private: dotnet-interactive reads every #! line as its own directive.
        var remote = await polyglot.SubmitAsync("%%private\nvar m = patients[\"age\"].Mean(eps: 0.5);\nPrint(m > 18 && m < 95);\nExport(m, \"meanAge\");", "pe");
        Assert.True(remote.Succeeded, remote.Text);
        Assert.Contains("true", remote.Text);
        Assert.Contains("exported meanAge → local variable double meanAge", remote.Text);
        Assert.Contains("True", (await polyglot.SubmitAsync("meanAge > 18", "pe")).Text);

        Assert.Contains("imported bands → remote variable double[] bands", (await polyglot.SubmitAsync("%%private import bands", "pe")).Text);
        Assert.Contains("123", (await polyglot.SubmitAsync("%%private\nPrint(bands.Sum());", "pe")).Text);
        Assert.Contains("ε spent 0.5, remaining 2.5 of 3", (await polyglot.SubmitAsync("#!pe\n%%private odometer")).Text);

        var refused = await polyglot.SubmitAsync("%%private\nPrint(patients[\"age\"].Mean(eps: 50));", "pe");
        Assert.False(refused.Succeeded);
        Assert.Contains("Budget exceeded", refused.Text);

        var hashBang = await polyglot.SubmitAsync("#!private\nPrint(1);", "pe");
        Assert.False(hashBang.Succeeded);
        Assert.Contains("DNI101", hashBang.Text);   // why the docs say %%private for Polyglot
        Assert.Contains("Session closed.", (await polyglot.SubmitAsync("%%private close", "pe")).Text);
    }

    private sealed record Reply(bool Succeeded, string Text);

    /// <summary>A `dotnet-interactive stdio` process: SubmitCode envelopes in, event envelopes out.</summary>
    private sealed class StdioKernel : IAsyncDisposable
    {
        private readonly Process process;
        private readonly System.Threading.Channels.Channel<JsonNode> events = System.Threading.Channels.Channel.CreateUnbounded<JsonNode>();
        private int next;

        private StdioKernel(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not { Length: > 0 } line || line[0] != '{') return;   // the banner is plain text
                try { if (JsonNode.Parse(line) is { } node) events.Writer.TryWrite(node); }
                catch (JsonException) { }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static StdioKernel Start(IDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoLayout.Root };
            foreach (var argument in (string[])["tool", "run", "dotnet-interactive", "--", "stdio"]) start.ArgumentList.Add(argument);
            foreach (var (key, value) in environment) start.Environment[key] = value;
            return new StdioKernel(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet-interactive."));
        }

        public async Task<Reply> SubmitAsync(string code, string? targetKernel = null, int timeoutSeconds = 120)
        {
            var token = $"test-{Interlocked.Increment(ref next)}";
            var command = new JsonObject { ["code"] = code };
            if (targetKernel is not null) command["targetKernelName"] = targetKernel;
            var envelope = new JsonObject { ["token"] = token, ["commandType"] = "SubmitCode", ["command"] = command };
            await process.StandardInput.WriteLineAsync(envelope.ToJsonString());
            await process.StandardInput.FlushAsync();

            var text = new System.Text.StringBuilder();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
            while (true)
            {
                JsonNode e;
                try { e = await events.Reader.ReadAsync(timeout.Token); }
                catch (OperationCanceledException) { throw new TimeoutException($"No reply to '{code}' within {timeoutSeconds} s; so far: {text}"); }
                var type = e["eventType"]?.GetValue<string>();
                if (e["event"]?["formattedValues"] is JsonArray values)
                    foreach (var value in values) text.Append(value?["value"]?.GetValue<string>()).Append('\n');
                if (e["event"]?["message"] is JsonValue message) text.Append(message.GetValue<string>()).Append('\n');
                if (type is "CommandSucceeded" or "CommandFailed" && e["command"]?["token"]?.GetValue<string>() == token)
                    return new Reply(type == "CommandSucceeded", text.ToString());
            }
        }

        public ValueTask DisposeAsync()
        {
            try { process.StandardInput.Close(); } catch (IOException) { }
            if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
            process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
