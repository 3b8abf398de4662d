using System.Globalization;
using PrivateEnv.Learning;
using PrivateEnv.Learning.Hosting;

namespace PrivateEnv.Worker;

/// <summary>Sends each finished training epoch to the client as a progress event (DP figures only).</summary>
internal sealed class ProgressForwarder(WorkerOutput output) : ITrainingProgressSink
{
    public void OnEpoch(EpochRecord epoch, int totalEpochs)
    {
        var loss = epoch.Loss is { } l ? l.ToString("G4", CultureInfo.InvariantCulture) : "n/a";
        output.Progress("fit", "Fit", epoch.Epoch, totalEpochs,
            string.Create(CultureInfo.InvariantCulture, $"epoch {epoch.Epoch}/{totalEpochs}: loss {loss}, ε {epoch.Epsilon:G4}"));
    }
}
