using System.CommandLine;
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
    /// <summary>Workers kept ready (started, datasets loaded, warmed up) for the next sessions; 0: start each on demand.</summary>
    public int WarmWorkers { get; init; } = 2;
    /// <summary>With no session opened for this long, the ready workers end (and come back with the next session).</summary>
    public TimeSpan WarmIdleTime { get; init; } = TimeSpan.FromMinutes(30);
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

    /// <summary>The usage text, generated from the option definitions (the README's list is checked against it).</summary>
    public static string Usage { get; } = Options.Usage();

    /// <summary>Parses the command line (System.CommandLine); a bad option throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static ServerOptions Parse(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help")) throw new HelpRequestedException();
        var o = new Options();
        var result = o.Command.Parse(args);
        if (result.UnmatchedTokens.Count > 0) throw new ArgumentException($"Unknown option '{result.UnmatchedTokens[0]}'.");
        if (result.Errors.Count > 0) throw new ArgumentException(result.Errors[0].Message);
        var options = new ServerOptions
        {
            Urls = result.GetValue(o.Urls)!,
            DataDir = Path.GetFullPath(result.GetValue(o.DataDir)!),
            Datasets = [.. result.GetValue(o.Datasets)!],
            ApiKeys = [.. result.GetValue(o.ApiKeys)!],
            KeysFile = result.GetValue(o.KeysFile) is { } keysFile ? Path.GetFullPath(keysFile) : null,
            SessionEpsilon = result.GetValue(o.SessionEpsilon),
            SessionDelta = result.GetValue(o.SessionDelta),
            CellTimeout = TimeSpan.FromSeconds(result.GetValue(o.CellTimeout)),
            CellCpuTime = result.GetValue(o.CellCpuSeconds) is { } cpu ? TimeSpan.FromSeconds(cpu) : null,
            WorkerMemoryMb = (int)result.GetValue(o.WorkerMemoryMb),
            Ledger = result.GetValue(o.Ledger),
            LifetimeEpsilon = result.GetValue(o.LifetimeEpsilon),
            LifetimeDelta = result.GetValue(o.LifetimeDelta),
            MaxSessionsPerAnalyst = (int)result.GetValue(o.MaxSessions),
            WarmWorkers = (int)result.GetValue(o.WarmWorkers),
            WarmIdleTime = TimeSpan.FromMinutes(result.GetValue(o.WarmIdleMinutes)),
            SessionIdleTimeout = TimeSpan.FromMinutes(result.GetValue(o.SessionIdleMinutes)),
            TlsCertificate = result.GetValue(o.TlsCert) is { } cert ? Path.GetFullPath(cert) : null,
            TlsKey = result.GetValue(o.TlsKey) is { } key ? Path.GetFullPath(key) : null,
            Composition = result.GetValue(o.Composition)!,
            MetricsUrl = result.GetValue(o.MetricsUrl),
            OtlpEndpoint = result.GetValue(o.OtlpEndpoint),
            HashKey = result.GetValue(o.HashKey),
            RequireSandbox = result.GetValue(o.RequireSandbox),
            NoSandbox = result.GetValue(o.NoSandbox),
            Demo = !result.GetValue(o.NoDemo),
        };
        if (options.RequireSandbox && options.NoSandbox) throw new ArgumentException("--require-sandbox and --no-sandbox contradict each other.");
        if ((options.TlsCertificate is null) != (options.TlsKey is null)) throw new ArgumentException("--tls-cert and --tls-key go together.");
        return options;
    }

    /// <summary>Every option once: name, value name, help text, default and validation.</summary>
    private sealed class Options
    {
        public readonly Option<string?> Urls = Text("--urls", "URL", "where to listen (default http://127.0.0.1:50051)", "http://127.0.0.1:50051");
        public readonly Option<string?> DataDir = Text("--data-dir", "DIR", "ledger, demo data and keys (default ./.privateenv)", ".privateenv");
        public readonly Option<DatasetSource[]> Datasets = new("--dataset")
        {
            HelpName = "NAME=CSV[:META]",
            Description = "serve a dataset (repeatable); META is its metadata JSON\n(default: CSV with .metadata.json beside it)",
            CustomParser = r => [.. r.Tokens.Select(t => ParseDataset(t.Value, r))],
            DefaultValueFactory = _ => [],
        };
        public readonly Option<string[]> ApiKeys = new("--api-key")
        {
            HelpName = "KEY",
            Description = "accept this API key (repeatable; default: a demo key kept in the data dir)",
            CustomParser = r => [.. r.Tokens.Select(t => t.Value.Length >= 8 ? t.Value : Error<string>(r, "--api-key needs at least 8 characters."))],
            DefaultValueFactory = _ => [],
        };
        public readonly Option<string?> KeysFile = Text("--keys-file", "PATH", "API keys as JSON: {\"analysts\": [{\"id\", \"key_hash\", \"datasets\",\n\"session_epsilon\", \"lifetime_epsilon\", \"max_sessions\", …}]}", null);
        public readonly Option<double> SessionEpsilon = Number("--session-epsilon", "E", "ε budget of each session (default 3.0)", 3.0, 1e-9, 1e6);
        public readonly Option<double> SessionDelta = Number("--session-delta", "D", "δ budget of each session (default 1e-5)", 1e-5, 0, 0.999999);
        public readonly Option<double> CellTimeout = Number("--cell-timeout", "SECONDS", "wall-clock limit of one cell (default 60)", 60, 0.1, 86400);
        public readonly Option<double?> CellCpuSeconds = OptionalNumber("--cell-cpu-seconds", "SECONDS", "processor-time limit of one cell, all threads (default: the wall limit)", 0.1, 1e6);
        public readonly Option<double> WorkerMemoryMb = Number("--worker-memory-mb", "MB", "managed-heap limit of each worker (default 4096)", 4096, 64, 1 << 20);
        public readonly Option<string?> Ledger = Text("--ledger", "SQLITE_PATH|PG", "ledger database: a SQLite file or a PostgreSQL connection\nstring \"Host=…;Database=…\" shared by several servers", null);
        public readonly Option<double> LifetimeEpsilon = Number("--lifetime-epsilon", "E", "ε an analyst may spend on one dataset over all sessions (default 10)", 10, 1e-9, 1e9);
        public readonly Option<double> LifetimeDelta = Number("--lifetime-delta", "D", "δ likewise (default 1e-4)", 1e-4, 0, 0.999999);
        public readonly Option<double> MaxSessions = Number("--max-sessions", "N", "open sessions per analyst (default 8)", 8, 1, 100_000);
        public readonly Option<double> WarmWorkers = Number("--warm-workers", "N", "workers kept ready for the next sessions: started, datasets loaded,\nwarmed up; each serves one session only (default 2; 0: none)", 2, 0, 64);
        public readonly Option<double> WarmIdleMinutes = Number("--warm-idle-minutes", "M", "end the ready workers when no session opened for this long (default 30)", 30, 0.01, 1e6);
        public readonly Option<double> SessionIdleMinutes = Number("--session-idle-minutes", "M", "close sessions idle this long (default 30)", 30, 0.01, 1e6);
        public readonly Option<string?> TlsCert = Text("--tls-cert", "PEM", "serve HTTPS (gRPC over TLS) with this certificate (with --tls-key)", null);
        public readonly Option<string?> TlsKey = Text("--tls-key", "PEM", "the certificate's private key (with --tls-cert)", null);
        public readonly Option<string> Composition = new("--composition")
        {
            HelpName = "basic|renyi",
            Description = "how a session's charges compose (default basic; renyi is\ntighter for Gaussian and DP-SGD charges, needs δ > 0)",
            CustomParser = r => r.Tokens[0].Value is "basic" or "renyi" ? r.Tokens[0].Value : Error<string>(r, $"Expected one of basic, renyi, got '{r.Tokens[0].Value}'."),
            DefaultValueFactory = _ => "basic",
        };
        public readonly Option<Uri?> MetricsUrl = Url("--metrics-url", "also listen on URL (plain HTTP/1.1) for /metrics (OpenTelemetry\nmetrics, Prometheus text) and /healthz (ledger health)", "http");
        public readonly Option<Uri?> OtlpEndpoint = Url("--otlp-endpoint", "push the same metrics to an OpenTelemetry collector (OTLP)", "http", "https");
        public readonly Option<string?> HashKey = Text("--hash-key", "KEY", "print the hash of KEY for a keys file, then exit", null);
        public readonly Option<bool> RequireSandbox = new("--require-sandbox") { Description = "refuse to start without bubblewrap" };
        public readonly Option<bool> NoSandbox = new("--no-sandbox") { Description = "run workers without bubblewrap (development only)" };
        public readonly Option<bool> NoDemo = new("--no-demo") { Description = "do not serve the embedded demo dataset" };

        public RootCommand Command { get; }

        public Options()
        {
            Command = new RootCommand("PrivateEnv server");
            foreach (var option in All()) Command.Options.Add(option);
        }

        private IEnumerable<Option> All() =>
        [
            Urls, DataDir, Datasets, ApiKeys, KeysFile, SessionEpsilon, SessionDelta, CellTimeout, CellCpuSeconds, WorkerMemoryMb, Ledger,
            LifetimeEpsilon, LifetimeDelta, MaxSessions, SessionIdleMinutes, WarmWorkers, WarmIdleMinutes, TlsCert, TlsKey, Composition, MetricsUrl, OtlpEndpoint, HashKey,
            RequireSandbox, NoSandbox, NoDemo,
        ];

        /// <summary>One line per option (continuation lines indented under the text), in the order above.</summary>
        public static string Usage()
        {
            var text = new System.Text.StringBuilder("usage: PrivateEnv.Server [options]\n");
            foreach (var option in new Options().All())
            {
                var head = option.HelpName is { } value ? $"{option.Name} {value}" : option.Name;
                var lines = option.Description!.Split('\n');
                text.Append("  ").Append(head.PadRight(28)).Append(head.Length >= 28 ? " " : "").Append(lines[0]).Append('\n');
                foreach (var more in lines.Skip(1)) text.Append(' ', 30).Append(more).Append('\n');
            }
            return text.ToString().TrimEnd('\n');
        }

        private static Option<string?> Text(string name, string value, string description, string? fallback) =>
            new(name) { HelpName = value, Description = description, DefaultValueFactory = _ => fallback };

        private static Option<double> Number(string name, string value, string description, double fallback, double min, double max) => new(name)
        {
            HelpName = value,
            Description = description,
            DefaultValueFactory = _ => fallback,
            CustomParser = r => ParseNumber(r, name, min, max),
        };

        private static Option<double?> OptionalNumber(string name, string value, string description, double min, double max) => new(name)
        {
            HelpName = value,
            Description = description,
            CustomParser = r => ParseNumber(r, name, min, max),
        };

        private static Option<Uri?> Url(string name, string description, params string[] schemes) => new(name)
        {
            HelpName = "URL",
            Description = description,
            CustomParser = r => HttpUrl(r.Tokens[0].Value, schemes) is { } uri ? uri : Error<Uri>(r,
                $"{name} needs a {string.Join(" or ", schemes)} URL with a port, e.g. http://127.0.0.1:9464; got '{r.Tokens[0].Value}'."),
        };

        private static double ParseNumber(System.CommandLine.Parsing.ArgumentResult result, string name, double min, double max)
        {
            var text = result.Tokens[0].Value;
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max
                ? v
                : Error<double>(result, $"{name} needs a number in [{min}, {max}], got '{text}'.");
        }

        private static DatasetSource ParseDataset(string spec, System.CommandLine.Parsing.ArgumentResult result) =>
            ServerOptions.ParseDataset(spec) ?? Error<DatasetSource>(result, $"--dataset needs NAME=CSV_PATH[:METADATA_JSON], got '{spec}'.");

        private static T Error<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
        {
            result.AddError(message);
            return default!;
        }
    }

    private static Uri? HttpUrl(string value, params string[] schemes) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme) && !uri.IsDefaultPort && uri.Port > 0 ? uri : null;

    private static DatasetSource? ParseDataset(string spec)
    {
        var eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1) return null;
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
