namespace PrivateEnv.TestSupport;

/// <summary>
/// Tests that need a Debian package's tool (PostgreSQL, bubblewrap, Jupyter): under CI=true a
/// missing tool fails the test (.ci/run installs them); elsewhere the test is skipped with the
/// install command.
/// </summary>
public static class ExternalTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tool's path, failing under CI or skipping elsewhere when it is missing.</summary>
    public static string Require(string path, string debianPackage)
    {
        if (File.Exists(path)) return path;
        var message = $"{path} is missing: apt-get install {debianPackage}";
        if (InCi) throw new InvalidOperationException(message + " (CI must run every test)");
        Xunit.Skip.If(true, message);
        return path;
    }

    /// <summary>The first existing path matching a glob-like pattern with one '*' directory level.</summary>
    public static string? FindFirst(string directory, string pattern, string relative)
    {
        if (!Directory.Exists(directory)) return null;
        return Directory.GetDirectories(directory, pattern).OrderDescending()
            .Select(d => Path.Combine(d, relative)).FirstOrDefault(File.Exists);
    }
}
