using PrivateEnv.Sandbox.Protocol;
using PrivateEnv.Server.Workers;

namespace PrivateEnv.Server.Datasets;

/// <summary>
/// Validates the datasets in one worker started like a session's (same launcher, sandbox and limits), which may read
/// the datasets' directories and write only the demo directory; the worker is stopped once it has answered.
/// </summary>
public sealed class WorkerDatasetValidator(WorkerLauncher launcher) : IDatasetValidator
{
    /// <summary>How long the worker may take to load every dataset (a session's worker gets as long for its own).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public async Task<DatasetsValidated> ValidateAsync(ValidateDatasets request, CancellationToken cancellationToken)
    {
        var readable = request.Datasets.Select(d => Path.GetDirectoryName(d.CsvPath)!).ToList();
        string[] writable = request.DemoDirectory.Length > 0 ? [request.DemoDirectory] : [];
        await using var worker = await launcher.StartAsync("validate", readable, cancellationToken, writable);
        return await worker.ValidateAsync(request, Timeout, cancellationToken);
    }
}
