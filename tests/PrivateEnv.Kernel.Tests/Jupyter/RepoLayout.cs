using PrivateEnv.TestSupport;

namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>Build outputs these tests drive (the shared <see cref="RepoPaths"/> plus the kernel itself).</summary>
internal static class RepoLayout
{
    public static string Root => RepoPaths.Root;

    public static string KernelDll => Path.Combine(Root, "kernels/PrivateEnv.Kernel", "bin", RepoPaths.Configuration, "net10.0", "PrivateEnv.Kernel.dll");
    public static string CliDll => RepoPaths.CliDll;
}
