using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace PrivateEnv.Server.Observability;

/// <summary>
/// OpenTelemetry for the server's meter: a Prometheus scrape endpoint (--metrics-url) and/or OTLP
/// push (--otlp-endpoint). Only the counters and timings of <see cref="ServerMetrics"/> leave: never data.
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddPrivateEnvTelemetry(this IServiceCollection services, ServerOptions options)
    {
        if (options.MetricsUrl is null && options.OtlpEndpoint is null) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("privateenv-server"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServerMetrics.MeterName);
                if (options.MetricsUrl is not null) metrics.AddPrometheusExporter();
                if (options.OtlpEndpoint is { } otlp) metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
            });
        return services;
    }

    /// <summary>/metrics and /healthz, answered on the metrics port only.</summary>
    public static void MapPrivateEnvTelemetry(this WebApplication app, ServerOptions options)
    {
        if (options.MetricsUrl is not { } url) return;
        var host = $"*:{url.Port}";
        // RequireHost matches the Host header the client chose, not the port it reached: a request on the gRPC port
        // could name the metrics port and read every analyst's counts. Only the metrics listener serves them.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/metrics") || context.Request.Path.StartsWithSegments("/healthz"),
            branch => branch.Use(async (context, next) =>
            {
                if (context.Connection.LocalPort != url.Port)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                await next(context);
            }));
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost(host);
        app.MapHealthChecks("/healthz").RequireHost(host);
    }
}
