using Microsoft.Extensions.Logging.Abstractions;
using PrivateEnv.Server.Workers;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Server.Tests;

/// <summary>
/// Where the host has a writable v1 cpu hierarchy, a server's workers run in one shared cpu group weighted like one
/// autogroup, each in its own equal-share child: busy workers can no longer take the server's processor share away
/// (each used to be an autogroup of its own; docs/threat-model.md, "Busy workers").
/// </summary>
public sealed class WorkerCpuGroupTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("privateenv-cpugroup-").FullName;

    [SkippableFact]
    public async Task Every_process_of_a_worker_is_in_its_own_child_of_the_servers_shared_cpu_group()
    {
        ExternalTool.Require("/usr/bin/bwrap", "bubblewrap");
        var cpuRoot = WritableCpuHierarchy();
        var launcher = new WorkerLauncher(ServerOptions.Parse(["--data-dir", dataDir]), NullLogger<WorkerLauncher>.Instance, RepoPaths.WorkerDll);
        Assert.True(launcher.ProbeSandbox(out var why), why);
        Assert.Contains("v1-cpu", launcher.Cgroup?.Description ?? "");

        await using var worker = await launcher.StartAsync("cpugroup", [], CancellationToken.None);
        var shared = WorkerCgroup.WorkersCpuGroupPrefix + Environment.ProcessId;
        Assert.Equal(WorkerCgroup.DefaultCpuShares.ToString(System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(cpuRoot.Directory, shared, "cpu.shares")).Trim());

        var processes = ProcessTree.Descendants(worker.ProcessId).Append(worker.ProcessId).ToList();
        Assert.True(processes.Count >= 2, "expected bubblewrap and the worker it runs");
        var groups = processes.Select(pid => ProcessTree.CgroupPath(pid, "cpu")).Where(g => g is not null).Distinct().ToList();
        var group = Assert.Single(groups);
        var prefix = cpuRoot.OwnPath.TrimEnd('/') + "/" + shared + "/privateenv-cpugroup-";
        Assert.StartsWith(prefix, group);
        Assert.Equal(WorkerCgroup.DefaultCpuShares.ToString(System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine("/sys/fs/cgroup/cpu", group!.TrimStart('/'), "cpu.shares")).Trim());
    }

    [SkippableFact]
    public void A_shared_cpu_group_left_by_a_server_that_ended_is_removed_at_the_next_start()
    {
        var cpuRoot = WritableCpuHierarchy();
        // Above the kernel's largest pid (2^22), so no process can own it.
        var stale = Path.Combine(cpuRoot.Directory, WorkerCgroup.WorkersCpuGroupPrefix + "999999999");
        Directory.CreateDirectory(Path.Combine(stale, "privateenv-gone-worker"));
        Assert.NotNull(WorkerCgroup.Probe(out var reason));
        Assert.True(reason.Length == 0, reason);
        Assert.False(Directory.Exists(stale), "the ended server's empty cpu groups are still there");
    }

    /// <summary>This process's directory in the v1 cpu hierarchy; skips (fails under CI) where there is none to write to.</summary>
    private static (string Directory, string OwnPath) WritableCpuHierarchy()
    {
        var ownPath = ProcessTree.CgroupPath(Environment.ProcessId, "cpu");
        var directory = ownPath is null ? null : Path.Combine("/sys/fs/cgroup/cpu", ownPath.TrimStart('/'));
        var writable = directory is not null && File.Exists(Path.Combine(directory, "cpu.shares")) && CanCreateIn(directory);
        if (!writable)
        {
            const string message = "no writable cgroup v1 cpu hierarchy here (cgroup v2 hosts keep per-worker autogroups; docs/threat-model.md)";
            if (Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException(message + " (CI must run every test)");
            Xunit.Skip.If(true, message);
        }
        return (directory!, ownPath!);
    }

    private static bool CanCreateIn(string directory)
    {
        var probe = Path.Combine(directory, "privateenv-testprobe-" + Environment.ProcessId);
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public void Dispose()
    {
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }
}
