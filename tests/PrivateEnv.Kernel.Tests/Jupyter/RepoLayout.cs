namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>Where the repository's build outputs are, for the configuration these tests were built in.</summary>
internal static class RepoLayout
{
    public static readonly string Root = FindRoot();

    /// <summary>Debug or Release, read from this test assembly's output path (bin/CONFIG/net10.0/).</summary>
    public static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string Output(string projectDirectory, string file) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", file);

    public static string KernelDll => Output("kernels/PrivateEnv.Kernel", "PrivateEnv.Kernel.dll");
    public static string CliDll => Output("client/PrivateEnv.Cli", "privateenv.dll");
    public static string ServerDll => Output("server/PrivateEnv.Server", "PrivateEnv.Server.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "PrivateEnv.sln"))) return directory.FullName;
        throw new InvalidOperationException("Could not find PrivateEnv.sln above the test output folder.");
    }
}
