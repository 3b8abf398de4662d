using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrivateEnv.Cli;

/// <summary>`privateenv kernel install`: writes the Jupyter kernelspec that starts PrivateEnv.Kernel.dll.</summary>
internal static class KernelCommand
{
    public const string KernelName = "privateenv";
    private const string KernelDll = "PrivateEnv.Kernel.dll";

    public static Command Create()
    {
        var user = new Option<bool>("--user") { Description = "Install for the current user (~/.local/share/jupyter/kernels) instead of /usr/local/share/jupyter/kernels" };
        var prefix = new Option<DirectoryInfo?>("--prefix") { Description = "Install under PREFIX/share/jupyter/kernels (set JUPYTER_PATH=PREFIX/share/jupyter to use it)" };
        var kernelDll = new Option<FileInfo?>("--kernel-dll") { Description = $"Path to {KernelDll} (default: $PRIVATEENV_KERNEL_DLL, next to this tool, or the repository's build output)" };
        var install = new Command("install", "Install the 'privateenv' Jupyter kernelspec (language C#).") { user, prefix, kernelDll };
        install.Validators.Add(result =>
        {
            if (result.GetValue(user) && result.GetValue(prefix) is not null) result.AddError("Give either --user or --prefix DIR, not both.");
        });
        install.SetAction(parse =>
        {
            var dll = FindKernelDll(parse.GetValue(kernelDll));
            if (dll is null)
            {
                Console.Error.WriteLine($"privateenv: could not find {KernelDll}. Build it (dotnet build kernels/PrivateEnv.Kernel) and pass --kernel-dll PATH or set PRIVATEENV_KERNEL_DLL.");
                return ExitCodes.Usage;
            }
            var directory = Path.Combine(KernelsDirectory(parse.GetValue(user), parse.GetValue(prefix)), KernelName);
            try
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(Path.Combine(directory, "kernel.json"), KernelSpec(dll).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"privateenv: cannot write {directory}: {e.Message}. Use --user to install for yourself only.");
                return ExitCodes.Usage;
            }
            Console.WriteLine($"Installed kernelspec '{KernelName}' in {directory} (kernel {dll}).");
            return ExitCodes.Success;
        });
        return new Command("kernel", "Manage the PrivateEnv Jupyter kernel.") { install };
    }

    /// <summary>The kernelspec: Jupyter starts `dotnet PrivateEnv.Kernel.dll {connection_file}` and interrupts by message.</summary>
    public static JsonObject KernelSpec(string dll) => new()
    {
        ["argv"] = new JsonArray("dotnet", dll, "{connection_file}"),
        ["display_name"] = "PrivateEnv (C#)",
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    private static string KernelsDirectory(bool user, DirectoryInfo? prefix)
    {
        if (prefix is not null) return Path.Combine(prefix.FullName, "share", "jupyter", "kernels");
        if (user)
        {
            var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrEmpty(dataHome)) dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(dataHome, "jupyter", "kernels");
        }
        return "/usr/local/share/jupyter/kernels";
    }

    private static string? FindKernelDll(FileInfo? given)
    {
        if (given is not null) return given.Exists ? given.FullName : null;
        if (Environment.GetEnvironmentVariable("PRIVATEENV_KERNEL_DLL") is { Length: > 0 } fromEnvironment)
            return File.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        var besideTool = Path.Combine(AppContext.BaseDirectory, KernelDll);
        if (File.Exists(besideTool)) return besideTool;

        // Running from a repository build (client/PrivateEnv.Cli/bin/CONFIG/net10.0/): use the kernel's
        // output of the same configuration, then any other.
        var toolDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = toolDirectory.Name;
        var configuration = toolDirectory.Parent?.Name;
        for (var directory = toolDirectory; directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "kernels", "PrivateEnv.Kernel", "bin");
            if (!Directory.Exists(project)) continue;
            var sameConfiguration = Path.Combine(project, configuration ?? "Debug", framework, KernelDll);
            if (File.Exists(sameConfiguration)) return sameConfiguration;
            return Directory.EnumerateFiles(project, KernelDll, SearchOption.AllDirectories).FirstOrDefault();
        }
        return null;
    }
}
