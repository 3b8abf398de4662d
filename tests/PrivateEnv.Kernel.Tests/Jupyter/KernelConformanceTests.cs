namespace PrivateEnv.Kernel.Tests.Jupyter;

public class KernelConformanceTests
{
    private readonly KernelSpecFixture fixture = KernelSpecFixture.Shared;

    [Fact]
    public void Kernel_install_writes_a_message_interrupt_csharp_kernelspec()
    {
        Assert.Equal("C#", fixture.KernelSpec["language"]!.GetValue<string>());
        Assert.Equal("message", fixture.KernelSpec["interrupt_mode"]!.GetValue<string>());
        var argv = fixture.KernelSpec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        Assert.Equal(["dotnet", RepoLayout.KernelDll, "{connection_file}"], argv);
    }

    [Fact]
    public async Task User_install_goes_to_the_user_jupyter_data_dir()
    {
        var dataHome = Directory.CreateTempSubdirectory("privateenv-xdg-").FullName;
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet", [RepoLayout.CliDll, "kernel", "install", "--user", "--kernel-dll", RepoLayout.KernelDll],
                new Dictionary<string, string> { ["XDG_DATA_HOME"] = dataHome }, TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.True(File.Exists(Path.Combine(dataHome, "jupyter", "kernels", "privateenv", "kernel.json")));
        }
        finally { Directory.Delete(dataHome, recursive: true); }
    }

    [Fact]
    public async Task Install_with_a_missing_kernel_dll_says_how_to_fix_it()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepoLayout.CliDll, "kernel", "install", "--prefix", Path.GetTempPath(), "--kernel-dll", "/nonexistent/PrivateEnv.Kernel.dll"], null, TimeSpan.FromMinutes(1));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("dotnet build kernels/PrivateEnv.Kernel", result.Stderr);
    }

    /// <summary>
    /// tests/kernel/test_kernel.py: jupyter_kernel_test's KernelTests (kernel_info, stdout/stderr,
    /// errors, execute_result, display_data, completion, is_complete, inspect; every message
    /// validated against the v5 schema, busy/idle checked) plus state and interrupt checks.
    /// </summary>
    [Fact]
    public async Task Jupyter_kernel_test_suite_passes()
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/python3", ["-m", "unittest", "-v", "tests/kernel/test_kernel.py"], fixture.Environment(), TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("OK", result.Stderr);
        // Fail if the suite silently stopped running the checks we rely on.
        foreach (var test in new[] { "test_kernel_info", "test_execute_stdout", "test_error", "test_execute_result", "test_display_data", "test_completion", "test_is_complete", "test_inspect", "test_interrupt_message_stops_a_cooperative_local_cell", "test_error_aborts_cells_queued_behind_it" })
            Assert.Matches($@"{test} .*\.\.\. ok", result.Stderr);
    }
}
