using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PrivateEnv.Server;
using PrivateEnv.Server.Auth;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Sessions;
using PrivateEnv.Server.Workers;

ServerOptions options;
DatasetCatalog catalog;
RelationalLedger ledger;
var keys = new ApiKeyStore();
string? demoKey = null;
try
{
    options = ServerOptions.Parse(args);
    if (options.HashKey is not null)
    {
        Console.WriteLine(ApiKeyStore.HashKey(options.HashKey));
        return 0;
    }
    foreach (var key in options.ApiKeys) keys.Add(new Analyst("analyst"), key);
    if (options.KeysFile is not null) keys.LoadFile(options.KeysFile);
    if (keys.Count == 0)
    {
        demoKey = ApiKeyStore.DemoKey(options.DataDir);
        keys.Add(new Analyst("demo"), demoKey);
    }
    ledger = RelationalLedger.Open(options.LedgerOrDefault);
}
catch (HelpRequestedException)
{
    Console.WriteLine(ServerOptions.Usage);
    return 0;
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
                              or System.Text.Json.JsonException or FormatException or System.Data.Common.DbException)
{
    Console.Error.WriteLine($"privateenv-server: {e.Message}");
    if (e is ArgumentException) Console.Error.WriteLine(ServerOptions.Usage);
    return 2;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
builder.WebHost.UseUrls(options.MetricsUrl is { } metricsUrl ? [options.Urls, metricsUrl.GetLeftPart(UriPartial.Authority)] : [options.Urls]);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // gRPC needs HTTP/2; the metrics endpoint speaks HTTP/1.1 so that any scraper can read it.
    kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols =
        options.MetricsUrl is { } metrics && endpoint.IPEndPoint?.Port == metrics.Port ? HttpProtocols.Http1 : HttpProtocols.Http2);
    if (options.TlsCertificate is not null)
        kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey));
});
ConfigureLogging(builder.Logging);

// Workers (each session's, and the one that checks the datasets below) start under the sandbox when this host allows it.
// The launcher exists before the host (it checks the datasets first), so it logs through its own factory, set up as the host's.
using var workerLogging = LoggerFactory.Create(logging =>
{
    ConfigureLogging(logging);
    logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
});
var launcher = new WorkerLauncher(options, workerLogging.CreateLogger<WorkerLauncher>());
if (!launcher.ProbeSandbox(out var problem))
{
    if (options.RequireSandbox)
    {
        Console.Error.WriteLine($"privateenv-server: --require-sandbox is set but {problem}. Install bubblewrap (apt-get install bubblewrap).");
        return 2;
    }
    launcher.DisableSandbox();
    if (!options.NoSandbox)
        Console.Error.WriteLine($"WARNING: {problem}. Workers run WITHOUT process isolation; install bubblewrap or pass --require-sandbox to refuse to start.");
}

// The server never reads the datasets' values: a worker loads each one as a session would and answers its public
// schema or what is wrong; a wrong dataset stops the server here, before it serves anything.
try
{
    catalog = await DatasetCatalog.BuildAsync(options, new WorkerDatasetValidator(launcher), CancellationToken.None);
}
catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"privateenv-server: {e.Message}");
    return 2;
}

var app = ServerHost.Build(builder, options, catalog, keys, ledger, launcher);

app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<SessionManager>().DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5)));
await app.StartAsync();
Console.WriteLine($"PrivateEnv server listening on {string.Join(", ", app.Urls)}");
Console.WriteLine($"Datasets: {string.Join(", ", catalog.All.Select(d => d.Name))}; session budget ε={options.SessionEpsilon:G}, δ={options.SessionDelta:G}; ledger: {ledger.Name}; data dir {options.DataDir}");
Console.WriteLine($"Workers: {(launcher.Sandboxed ? "sandboxed with bubblewrap" : "NOT sandboxed")}{(launcher.WorkerIsReadyToRun ? "; precompiled (ReadyToRun), tiered compilation off" : "")}");
if (options.MetricsUrl is { } scrape) Console.WriteLine($"Metrics: {scrape.GetLeftPart(UriPartial.Authority)}/metrics, health: {scrape.GetLeftPart(UriPartial.Authority)}/healthz");
if (demoKey is not null) Console.WriteLine($"Demo API key: {demoKey}");
await app.WaitForShutdownAsync();
launcher.Cgroup?.RemoveShared();   // best effort: groups still holding a worker are removed by the next start
return 0;

static void ConfigureLogging(ILoggingBuilder logging)
{
    logging.ClearProviders();
    logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss "; c.IncludeScopes = true; });
    logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    logging.AddFilter("Grpc", LogLevel.Warning);
}
