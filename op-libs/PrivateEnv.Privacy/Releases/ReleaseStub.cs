namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// Test-only switch for the neighbour-transcript tests: while active (in this async flow), every release part
/// returns a fixed placeholder (0, index 0, a zero gradient) instead of value + noise, so two runs on neighbouring
/// datasets must produce identical transcripts unless something other than the release primitive depends on the
/// data. Internal: only test assemblies can set it (cells can name nothing internal, nor use reflection).
/// </summary>
internal static class ReleaseStub
{
    private static readonly AsyncLocal<bool> active = new();

    public static bool Active => active.Value;

    public static IDisposable Activate()
    {
        active.Value = true;
        return new Reset();
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => active.Value = false;
    }
}
