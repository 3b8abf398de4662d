using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Training;

/// <summary>
/// Runs libtorch work with subnormal floats flushed to zero (the CPU's FTZ/DAZ bits), so that the time of a forward or
/// backward pass cannot depend on whether some private value drives an activation into the subnormal range: on CPUs
/// with a subnormal penalty (many Intel cores: ~100 cycles an operation) a crafted model could otherwise make one
/// row's presence visible in a free Predict's time (red team, issue 17). The bits are per thread: the scope sets them
/// on the calling thread and restores them after; libtorch's OpenMP workers inherit them from the thread that creates
/// them, which is why the pool is started inside a scope when this library loads. Flushing only ever moves a
/// subnormal toward zero, in the norm and in the sum alike (they use the same values).
/// </summary>
internal static class Denormals
{
    private static readonly bool Available = Probe();

    /// <summary>Flushes subnormals on this thread until disposed.</summary>
    public static Scope Flushed() => new(Available && SetFlushDenormal(GlobalContext(), true));

    internal readonly struct Scope(bool active) : IDisposable
    {
        public bool Active => active;
        public void Dispose() { if (active) SetFlushDenormal(GlobalContext(), false); }
    }

    /// <summary>Loads libtorch, then starts its worker pool inside a scope so that the workers inherit the bits.</summary>
    internal static void StartWorkersFlushed()
    {
        if (!Available) return;
        using var scope = Flushed();
        using var work = ones(1 << 17);   // above libtorch's grain size: the fill runs on the OpenMP pool, which starts here
        work.mul_(2);
    }

    private static bool Probe()
    {
        try
        {
            using var load = ones(1);   // loads libtorch
            return SetFlushDenormal(GlobalContext(), false);   // true when the CPU can flush (and leaves it off)
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            return false;
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context16setFlushDenormalEb")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool SetFlushDenormal(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool on);
}
