namespace PrivateEnv.Learning.Hosting;

/// <summary>Receives per-epoch progress of private training (already-public values only).</summary>
public interface ITrainingProgressSink
{
    void OnEpoch(EpochRecord epoch, int totalEpochs);
}

/// <summary>
/// The host's progress hook, ambient per async context like the session's charger (no-op by default).
/// Not for cells: the allow-list does not name it.
/// </summary>
public static class TrainingProgress
{
    private static readonly AsyncLocal<ITrainingProgressSink?> current = new();

    public static void Install(ITrainingProgressSink? sink) => current.Value = sink;

    internal static void Report(EpochRecord epoch, int totalEpochs) => current.Value?.OnEpoch(epoch, totalEpochs);
}
