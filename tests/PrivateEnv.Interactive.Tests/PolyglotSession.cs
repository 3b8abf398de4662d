using PrivateEnv.TestSupport;

namespace PrivateEnv.Interactive.Tests;

/// <summary>
/// One server and one dotnet-interactive (the pinned tool behind Polyglot Notebooks) for the test class: the extension is
/// packed from its build output under a version of its own, loaded as a user would (<c>#i "nuget:DIR"</c>,
/// <c>#r "nuget:PrivateEnv.Interactive, VERSION"</c>, which runs the package's extension.dib), and a kernel named
/// <c>private</c> is connected to the server.
/// </summary>
public sealed class PolyglotSession : IAsyncLifetime
{
    private readonly string packageDirectory = Directory.CreateTempSubdirectory("privateenv-interactive-").FullName;
    private readonly string version = $"0.0.0-test.{Guid.NewGuid():N}";
    private ServerProcess? server;
    private DotnetInteractive? polyglot;

    public ServerProcess Server => server ?? throw new InvalidOperationException("The session did not start.");
    public DotnetInteractive Polyglot => polyglot ?? throw new InvalidOperationException("The session did not start.");

    /// <summary>The connect line for the kernel <c>private</c>.</summary>
    public string Connect => $"#!connect privateenv --kernel-name private --url {Server.Url} --api-key {Server.ApiKey} --dataset patients";

    public async Task InitializeAsync()
    {
        await DotnetInteractive.RestoreToolAsync();
        var project = Path.Combine(RepoPaths.Root, "kernels", "PrivateEnv.Interactive", "PrivateEnv.Interactive.csproj");
        var (exitCode, output) = await DotnetInteractive.RunAsync("dotnet",
            ["pack", project, "--no-build", "--no-restore", "-c", RepoPaths.Configuration, "-o", packageDirectory, $"-p:Version={version}",
             $"-p:NuspecOutputPath={Path.Combine(packageDirectory, "nuspec")}/"], TimeSpan.FromMinutes(3));
        if (exitCode != 0) throw new InvalidOperationException("dotnet pack of PrivateEnv.Interactive failed:\n" + output);

        server = await ServerProcess.StartAsync();
        // The kernel's options come from the connect line; none may leak in from the test's environment.
        polyglot = DotnetInteractive.Start(new Dictionary<string, string> { ["PRIVATEENV_URL"] = "", ["PRIVATEENV_API_KEY"] = "", ["PRIVATEENV_DATASET"] = "" });

        var load = await Polyglot.SubmitAsync($"#i \"nuget:{packageDirectory}\"\n#r \"nuget:PrivateEnv.Interactive, {version}\"", timeoutSeconds: 300);
        if (!load.Succeeded || !load.Text.Contains("interactive-extensions/dotnet/extension.dib", StringComparison.Ordinal))
            throw new InvalidOperationException("The package did not load as an extension:\n" + load.Text + "\nstderr: " + Polyglot.Stderr);
        var connect = await Polyglot.SubmitAsync(Connect, timeoutSeconds: 180);
        if (!connect.Succeeded || !connect.Text.Contains("Kernel added: #!private", StringComparison.Ordinal))
            throw new InvalidOperationException("#!connect privateenv failed:\n" + connect.Text + "\nserver: " + Server.Log);
    }

    public async Task DisposeAsync()
    {
        if (polyglot is not null) await polyglot.DisposeAsync();
        if (server is not null) await server.DisposeAsync();
        // The test's package version is unique: drop it from the NuGet cache as well as its source folder.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var directory in new[] { packageDirectory, Path.Combine(cache, "privateenv.interactive", version) })
            try { Directory.Delete(directory, recursive: true); }
            catch (DirectoryNotFoundException) { }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
    }
}
