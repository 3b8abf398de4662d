using PrivateEnv.Server.Auth;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Observability;
using PrivateEnv.Server.Services;
using PrivateEnv.Server.Sessions;
using PrivateEnv.Server.Workers;

namespace PrivateEnv.Server;

/// <summary>
/// The server's services and endpoints, registered on a host builder: Program.cs runs them on Kestrel, and tests host
/// the same composition in process (ASP.NET Core's TestServer) to reach the service, sessions and workers directly.
/// </summary>
public static class ServerHost
{
    public static WebApplication Build(WebApplicationBuilder builder, ServerOptions options, DatasetCatalog catalog, ApiKeyStore keys, ILedger ledger, WorkerLauncher launcher)
    {
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<StatusMappingInterceptor>();
            o.MaxReceiveMessageSize = 64 * 1024 * 1024;
            o.MaxSendMessageSize = 64 * 1024 * 1024;
        });
        builder.Services.AddGrpcHealthChecks().AddCheck<LedgerHealthCheck>("ledger");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FailedAuthLimiter>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddPrivateEnvTelemetry(options);
        builder.Services.AddSingleton(launcher);
        builder.Services.AddSingleton(services => new WorkerPool(launcher, options.WarmWorkers, options.WarmIdleTime,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<WorkerPool>()));
        builder.Services.AddSingleton<SessionManager>();
        builder.Services.AddHostedService<IdleSessionReaper>();

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGrpcService<PrivateEnvService>();
        app.MapGrpcHealthChecksService();
        app.MapPrivateEnvTelemetry(options);
        // Ready workers for the first dataset until sessions ask for another set.
        if (catalog.All.FirstOrDefault() is { } first) app.Services.GetRequiredService<WorkerPool>().Prepare([first]);
        return app;
    }
}
