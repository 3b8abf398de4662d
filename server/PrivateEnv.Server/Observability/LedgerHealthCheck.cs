using Microsoft.Extensions.Diagnostics.HealthChecks;
using PrivateEnv.Server.Ledger;

namespace PrivateEnv.Server.Observability;

/// <summary>Healthy while the ledger answers; the gRPC health service reports it.</summary>
public sealed class LedgerHealthCheck(ILedger ledger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await ledger.GetChargesAsync("health-probe");
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy("The ledger does not answer: " + e.Message);
        }
    }
}
