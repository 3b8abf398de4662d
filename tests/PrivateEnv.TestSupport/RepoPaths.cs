namespace PrivateEnv.TestSupport;

/// <summary>Where things are in the checkout, found from the running test assembly.</summary>
public static class RepoPaths
{
    /// <summary>The directory holding PrivateEnv.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>../shared beside the checkout (data files and reference values).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The build configuration the tests run under (Debug or Release).</summary>
    public static string Configuration { get; } = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!) is "Release" ? "Release" : "Debug";

    public static string ServerDll => Output("server/PrivateEnv.Server", "PrivateEnv.Server.dll");
    public static string CliDll => Output("client/PrivateEnv.Cli", "privateenv.dll");

    /// <summary>The worker the server build copies beside the server (worker/).</summary>
    public static string WorkerDll => Path.Combine(Path.GetDirectoryName(ServerDll)!, "worker", "PrivateEnv.Worker.dll");

    private static string Output(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built at {path}; build the solution first.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PrivateEnv.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find PrivateEnv.sln above " + AppContext.BaseDirectory);
    }
}
