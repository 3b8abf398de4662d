using System.Diagnostics;

namespace PrivateEnv.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server (Debian's postgresql package) on a free loopback port, with
/// its own data directory and trust authentication; stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string binDir;
    private readonly string dataDir;

    private PostgresServer(string binDir, string dataDir, int port)
    {
        this.binDir = binDir;
        this.dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Timeout=30";

    public static async Task<PostgresServer> StartAsync()
    {
        var initdb = ExternalTool.FindFirst("/usr/lib/postgresql", "*", "bin/initdb") ?? "/usr/lib/postgresql/15/bin/initdb";
        ExternalTool.Require(initdb, "postgresql");
        var binDir = Path.GetDirectoryName(initdb)!;
        var dataDir = Directory.CreateTempSubdirectory("privateenv-pg-").FullName;
        var port = ServerProcess.FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", ["-R", "postgres:postgres", dataDir]);
        var server = new PostgresServer(binDir, dataDir, port);
        await server.RunAsPostgresAsync("initdb", ["-D", Path.Combine(dataDir, "db"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
        await server.RunAsPostgresAsync("pg_ctl", ["-D", Path.Combine(dataDir, "db"), "-w", "-t", "60", "-l", Path.Combine(dataDir, "log"),
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={dataDir} -c max_connections=200", "start"]);
        return server;
    }

    private Task RunAsPostgresAsync(string tool, string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(binDir, tool), .. args])
            : RunAsync(Path.Combine(binDir, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/tmp" };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsPostgresAsync("pg_ctl", ["-D", Path.Combine(dataDir, "db"), "-m", "immediate", "stop"]); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
