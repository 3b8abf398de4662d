namespace PrivateEnv.Architecture.Tests;

/// <summary>The checkout these tests read: the directory that holds PrivateEnv.sln, above the test's output.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PrivateEnv.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("No PrivateEnv.sln above " + AppContext.BaseDirectory);
    }
}
