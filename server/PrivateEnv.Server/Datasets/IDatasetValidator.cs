using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Server.Datasets;

/// <summary>
/// Loads datasets somewhere other than the server (a worker) and answers, per dataset, its public schema or what is
/// wrong with it; see ValidateDatasets in worker.proto for the order and the demo dataset.
/// </summary>
public interface IDatasetValidator
{
    Task<DatasetsValidated> ValidateAsync(ValidateDatasets request, CancellationToken cancellationToken);
}
