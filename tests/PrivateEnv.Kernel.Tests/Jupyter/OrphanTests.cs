using System.Diagnostics;
using System.Text.Json.Nodes;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>A kernel whose starter dies exits by itself instead of lingering with an open session.</summary>
public class OrphanTests
{
    [Fact]
    public async Task The_kernel_exits_when_the_process_named_in_JPY_PARENT_PID_is_gone()
    {
        var dir = Directory.CreateTempSubdirectory("privateenv-orphan-").FullName;
        try
        {
            var connection = Path.Combine(dir, "kernel.json");
            var ports = Enumerable.Range(0, 5).Select(_ => ServerProcess.FreePort()).ToArray();
            File.WriteAllText(connection, new JsonObject
            {
                ["transport"] = "tcp",
                ["ip"] = "127.0.0.1",
                ["key"] = "orphan-test-key",
                ["signature_scheme"] = "hmac-sha256",
                ["shell_port"] = ports[0],
                ["control_port"] = ports[1],
                ["iopub_port"] = ports[2],
                ["stdin_port"] = ports[3],
                ["hb_port"] = ports[4],
            }.ToJsonString());
            using var parent = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(RepoLayout.KernelDll);
            start.ArgumentList.Add(connection);
            start.Environment["JPY_PARENT_PID"] = parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var kernel = Process.Start(start)!;
            var stderr = kernel.StandardError.ReadToEndAsync();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                Assert.False(kernel.HasExited, "the kernel should serve while its parent lives");
                parent.Kill();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await kernel.WaitForExitAsync(wait.Token);
                Assert.Contains("is gone", await stderr);
            }
            finally
            {
                if (!kernel.HasExited) kernel.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
