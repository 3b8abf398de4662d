using System.Diagnostics.Metrics;

namespace PrivateEnv.Server.Observability;

/// <summary>
/// The server's metrics (System.Diagnostics.Metrics, meter "PrivateEnv.Server"), readable by
/// OpenTelemetry or dotnet-counters. Counts and timings only: never data values.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "PrivateEnv.Server";
    private readonly Meter meter = new(MeterName);

    public ServerMetrics()
    {
        Cells = meter.CreateCounter<long>("privateenv.cells", description: "Cells run, by outcome");
        Charges = meter.CreateCounter<long>("privateenv.charges", description: "Privacy charges recorded");
        Refusals = meter.CreateCounter<long>("privateenv.refusals", description: "Charges refused (budget) and cells refused (verifier)");
        WorkerRestarts = meter.CreateCounter<long>("privateenv.worker_restarts", description: "Workers replaced after a crash, timeout or interrupt");
        CellSeconds = meter.CreateHistogram<double>("privateenv.cell_duration", unit: "s", description: "Wall time of a cell, server side");
    }

    public Counter<long> Cells { get; }
    public Counter<long> Charges { get; }
    public Counter<long> Refusals { get; }
    public Counter<long> WorkerRestarts { get; }
    public Histogram<double> CellSeconds { get; }

    public void Dispose() => meter.Dispose();
}
