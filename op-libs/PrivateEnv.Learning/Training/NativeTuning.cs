using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// Process settings for libtorch, applied when this library loads (before any convolution runs): its worker pool
/// starts with subnormals flushed (see <see cref="Denormals"/>), and oneDNN's primitive cache is off.
/// oneDNN caches a primitive per tensor shape; Poisson batches come in many sizes, and the cache held about
/// 20 MiB more per DP epoch (seed CNN, batch 250: 81.6 → 60.8 MiB peak growth over 40 steps) while creating
/// primitives afresh cost no measurable time. oneDNN reads the variable from the native environment, which
/// Environment.SetEnvironmentVariable does not change on Unix, hence setenv. An operator's own value wins.
/// </summary>
internal static class NativeTuning
{
    private const string PrimitiveCacheCapacity = "ONEDNN_PRIMITIVE_CACHE_CAPACITY";

    // A library module initializer on purpose: it must run before the first convolution, whichever entry point a host uses.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable(PrimitiveCacheCapacity) is null && Environment.GetEnvironmentVariable("DNNL_PRIMITIVE_CACHE_CAPACITY") is null)
        {
            try { _ = setenv(PrimitiveCacheCapacity, "0", 0); }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { }
        }
        Denormals.StartWorkersFlushed();
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
