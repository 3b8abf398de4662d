using System.Text.Json.Nodes;

namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>
/// Installs the kernelspec with `privateenv kernel install --prefix TEMP` once per test run; the Jupyter
/// test classes share it and run in parallel (most of their time is spent waiting on processes).
/// </summary>
public sealed class KernelSpecFixture
{
    private static readonly Lazy<KernelSpecFixture> SharedInstance = new(() => new KernelSpecFixture());

    public static KernelSpecFixture Shared => SharedInstance.Value;

    private KernelSpecFixture()
    {
        ProcessRunner.RequireJupyter();
        Prefix = Directory.CreateTempSubdirectory("privateenv-kernel-test-").FullName;
        InstallResult = ProcessRunner.RunAsync("dotnet", [RepoLayout.CliDll, "kernel", "install", "--prefix", Prefix, "--kernel-dll", RepoLayout.KernelDll], null, TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        if (InstallResult.ExitCode != 0) throw new InvalidOperationException($"privateenv kernel install failed: {InstallResult.Describe()}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteInstallation();
        KernelSpec = JsonNode.Parse(File.ReadAllText(Path.Combine(Prefix, "share", "jupyter", "kernels", "privateenv", "kernel.json")))!.AsObject();
    }

    public string Prefix { get; }
    internal ProcessResult InstallResult { get; }
    public JsonObject KernelSpec { get; }

    /// <summary>Environment for Jupyter clients: find the kernelspec here and nowhere else by accident.</summary>
    public Dictionary<string, string> Environment(IDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = Path.Combine(Prefix, "share", "jupyter"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(Prefix, "runtime"),
            ["JUPYTER_CONFIG_DIR"] = Path.Combine(Prefix, "config"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) environment[key] = value;
        return environment;
    }

    private void DeleteInstallation()
    {
        try { Directory.Delete(Prefix, recursive: true); }
        catch (IOException) { }
    }
}
