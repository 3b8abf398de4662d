using System.Runtime.InteropServices;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// Keeps a long training run's native memory from creeping. TorchSharp frees some native objects only in
/// finalizers (the Scalars behind every tensor-and-number operation, pinned shape arrays), and a training
/// step allocates too little managed memory for the GC to run often: resident memory grew by hundreds of
/// megabytes per epoch until a collection. A young-generation collection every few steps runs those
/// finalizers; malloc_trim once an epoch returns glibc's freed pages to the OS (trimming every few
/// steps cost time and saved nothing measurable). A no-op without glibc.
/// </summary>
internal static class NativeHeap
{
    /// <summary>A cheap gen-0 collection: queues the finalizers that free TorchSharp's native objects.</summary>
    public static void ReleaseFinalizable() => GC.Collect(0, GCCollectionMode.Forced, blocking: false);

    private static bool available = OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (!available) return;
        try { _ = malloc_trim(0); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { available = false; }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
