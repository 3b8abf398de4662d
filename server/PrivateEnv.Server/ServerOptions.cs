using System.Globalization;

namespace PrivateEnv.Server;

/// <summary>One dataset the server serves: a CSV and its public metadata JSON.</summary>
public sealed record DatasetSource(string Name, string CsvPath, string? MetadataPath);

/// <summary>The server's command line. Everything has an embedded default.</summary>
public sealed record ServerOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:50051";
    public string DataDir { get; init; } = Path.GetFullPath(".privateenv");
    public List<DatasetSource> Datasets { get; init; } = [];
    public List<string> ApiKeys { get; init; } = [];
    public string? KeysFile { get; init; }
    public double SessionEpsilon { get; init; } = 3.0;
    public double SessionDelta { get; init; } = 1e-5;
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Processor time one cell may use (all its threads); default: as much as its wall-clock limit.</summary>
    public TimeSpan? CellCpuTime { get; init; }
    public TimeSpan CellCpuTimeOrDefault => CellCpuTime ?? CellTimeout;
    public bool RequireSandbox { get; init; }
    public bool NoSandbox { get; init; }
    public int WorkerMemoryMb { get; init; } = 4096;
    public bool Demo { get; init; } = true;
    /// <summary>SQLite file path or PostgreSQL connection string ("Host=…"); default: ledger.db in the data dir.</summary>
    public string? Ledger { get; init; }
    public double LifetimeEpsilon { get; init; } = 10.0;
    public double LifetimeDelta { get; init; } = 1e-4;
    public int MaxSessionsPerAnalyst { get; init; } = 8;
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(30);
    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }
    public string? HashKey { get; init; }
    /// <summary>How a session's charges compose: "basic" (sums) or "renyi" (a Rényi filter, tighter for Gaussian/DP-SGD).</summary>
    public string Composition { get; init; } = "basic";
    /// <summary>A plain-HTTP (HTTP/1.1) address for /metrics (Prometheus text) and /healthz; none by default.</summary>
    public Uri? MetricsUrl { get; init; }
    /// <summary>An OpenTelemetry collector to push metrics to over OTLP; none by default.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public string LedgerOrDefault => Ledger ?? Path.Combine(DataDir, "ledger.db");

    public const string Usage = """
        usage: PrivateEnv.Server [options]
          --urls URL                  where to listen (default http://127.0.0.1:50051)
          --data-dir DIR              ledger, demo data and keys (default ./.privateenv)
          --dataset NAME=CSV[:META]   serve a dataset (repeatable); META is its metadata JSON
                                      (default: CSV with .metadata.json beside it)
          --api-key KEY               accept this API key (repeatable; default: a demo key kept in the data dir)
          --keys-file PATH            API keys as JSON: {"analysts": [{"id", "key_hash", "datasets",
                                      "session_epsilon", "lifetime_epsilon", "max_sessions", …}]}
          --session-epsilon E         ε budget of each session (default 3.0)
          --session-delta D           δ budget of each session (default 1e-5)
          --cell-timeout SECONDS      wall-clock limit of one cell (default 60)
          --cell-cpu-seconds SECONDS  processor-time limit of one cell, all threads (default: the wall limit)
          --worker-memory-mb MB       managed-heap limit of each worker (default 4096)
          --ledger SQLITE_PATH|PG     ledger database: a SQLite file or a PostgreSQL connection
                                      string "Host=…;Database=…" shared by several servers
          --lifetime-epsilon E        ε an analyst may spend on one dataset over all sessions (default 10)
          --lifetime-delta D          δ likewise (default 1e-4)
          --max-sessions N            open sessions per analyst (default 8)
          --session-idle-minutes M    close sessions idle this long (default 30)
          --tls-cert PEM --tls-key PEM  serve HTTPS (gRPC over TLS) with this certificate
          --composition basic|renyi   how a session's charges compose (default basic; renyi is
                                      tighter for Gaussian and DP-SGD charges, needs δ > 0)
          --metrics-url URL           also listen on URL (plain HTTP/1.1) for /metrics (OpenTelemetry
                                      metrics, Prometheus text) and /healthz (ledger health)
          --otlp-endpoint URL         push the same metrics to an OpenTelemetry collector (OTLP)
          --hash-key KEY              print the hash of KEY for a keys file, then exit
          --require-sandbox           refuse to start without bubblewrap
          --no-sandbox                run workers without bubblewrap (development only)
          --no-demo                   do not serve the embedded demo dataset
        """;

    public static ServerOptions Parse(string[] args)
    {
        var options = new ServerOptions();
        var datasets = new List<DatasetSource>();
        var keys = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{arg} needs a value.");
                return args[++i];
            }
            double Number(double min, double max)
            {
                var text = Value();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < min || v > max)
                    throw new ArgumentException($"{arg} needs a number in [{min}, {max}], got '{text}'.");
                return v;
            }
            options = arg switch
            {
                "--urls" => options with { Urls = Value() },
                "--data-dir" => options with { DataDir = Path.GetFullPath(Value()) },
                "--dataset" => Add(options, datasets, ParseDataset(Value())),
                "--api-key" => AddKey(options, keys, Value()),
                "--keys-file" => options with { KeysFile = Path.GetFullPath(Value()) },
                "--session-epsilon" => options with { SessionEpsilon = Number(1e-9, 1e6) },
                "--session-delta" => options with { SessionDelta = Number(0, 0.999999) },
                "--cell-timeout" => options with { CellTimeout = TimeSpan.FromSeconds(Number(0.1, 86400)) },
                "--cell-cpu-seconds" => options with { CellCpuTime = TimeSpan.FromSeconds(Number(0.1, 1e6)) },
                "--worker-memory-mb" => options with { WorkerMemoryMb = (int)Number(64, 1 << 20) },
                "--require-sandbox" => options with { RequireSandbox = true },
                "--no-sandbox" => options with { NoSandbox = true },
                "--no-demo" => options with { Demo = false },
                "--ledger" => options with { Ledger = Value() },
                "--lifetime-epsilon" => options with { LifetimeEpsilon = Number(1e-9, 1e9) },
                "--lifetime-delta" => options with { LifetimeDelta = Number(0, 0.999999) },
                "--max-sessions" => options with { MaxSessionsPerAnalyst = (int)Number(1, 100_000) },
                "--session-idle-minutes" => options with { SessionIdleTimeout = TimeSpan.FromMinutes(Number(0.01, 1e6)) },
                "--tls-cert" => options with { TlsCertificate = Path.GetFullPath(Value()) },
                "--tls-key" => options with { TlsKey = Path.GetFullPath(Value()) },
                "--hash-key" => options with { HashKey = Value() },
                "--composition" => options with { Composition = OneOf(Value(), "basic", "renyi") },
                "--metrics-url" => options with { MetricsUrl = HttpUrl("--metrics-url", Value(), "http") },
                "--otlp-endpoint" => options with { OtlpEndpoint = HttpUrl("--otlp-endpoint", Value(), "http", "https") },
                "-h" or "--help" => throw new HelpRequestedException(),
                _ => throw new ArgumentException($"Unknown option '{arg}'."),
            };
        }
        if (options.RequireSandbox && options.NoSandbox) throw new ArgumentException("--require-sandbox and --no-sandbox contradict each other.");
        if ((options.TlsCertificate is null) != (options.TlsKey is null)) throw new ArgumentException("--tls-cert and --tls-key go together.");
        return options with { Datasets = datasets, ApiKeys = keys };
    }

    private static Uri HttpUrl(string option, string value, params string[] schemes) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme) && !uri.IsDefaultPort && uri.Port > 0
            ? uri
            : throw new ArgumentException($"{option} needs a {string.Join(" or ", schemes)} URL with a port, e.g. http://127.0.0.1:9464; got '{value}'.");

    private static string OneOf(string value, params string[] allowed) =>
        allowed.Contains(value) ? value : throw new ArgumentException($"Expected one of {string.Join(", ", allowed)}, got '{value}'.");

    private static ServerOptions Add(ServerOptions options, List<DatasetSource> datasets, DatasetSource dataset)
    {
        datasets.Add(dataset);
        return options;
    }

    private static ServerOptions AddKey(ServerOptions options, List<string> keys, string key)
    {
        if (key.Length < 8) throw new ArgumentException("--api-key needs at least 8 characters.");
        keys.Add(key);
        return options;
    }

    private static DatasetSource ParseDataset(string spec)
    {
        var eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1) throw new ArgumentException($"--dataset needs NAME=CSV_PATH[:METADATA_JSON], got '{spec}'.");
        var name = spec[..eq];
        var rest = spec[(eq + 1)..];
        string csv = rest;
        string? metadata = null;
        var colon = rest.LastIndexOf(':');
        if (colon > 0 && rest[(colon + 1)..].EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            csv = rest[..colon];
            metadata = Path.GetFullPath(rest[(colon + 1)..]);
        }
        return new DatasetSource(name, Path.GetFullPath(csv), metadata);
    }
}

public sealed class HelpRequestedException : Exception;
