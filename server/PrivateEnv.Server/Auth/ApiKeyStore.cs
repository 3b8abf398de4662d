using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PrivateEnv.Server.Auth;

/// <summary>
/// Who an API key belongs to, which datasets it may open (null: all) and its budgets
/// (null: the server's defaults).
/// </summary>
public sealed record Analyst(string Id, IReadOnlySet<string>? Datasets = null,
    double? SessionEpsilon = null, double? SessionDelta = null,
    double? LifetimeEpsilon = null, double? LifetimeDelta = null, int? MaxSessions = null)
{
    public bool MayOpen(string dataset) => Datasets is null || Datasets.Contains(dataset);
}

/// <summary>
/// API keys, kept only as salted PBKDF2-SHA256 hashes (600,000 iterations, OWASP 2023). A key
/// verified once is remembered by its SHA-256 so later requests skip the slow hash.
/// </summary>
public sealed class ApiKeyStore
{
    private const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private readonly List<(Analyst Analyst, byte[] Salt, int Iterations, byte[] Hash)> keys = [];
    private readonly ConcurrentDictionary<string, Analyst> verified = new(StringComparer.Ordinal);

    public int Count => keys.Count;

    public void Add(Analyst analyst, string key) => AddHashed(analyst, HashKey(key));

    /// <summary>Adds a key given as "pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64".</summary>
    public void AddHashed(Analyst analyst, string keyHash)
    {
        var parts = keyHash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 10_000)
            throw new InvalidDataException($"Key hash for '{analyst.Id}' must look like {Scheme}$ITERATIONS$SALT$HASH (make one with --hash-key).");
        keys.Add((analyst, Convert.FromBase64String(parts[2]), iterations, Convert.FromBase64String(parts[3])));
    }

    /// <summary>The storable hash of a key, with a fresh salt.</summary>
    public static string HashKey(string key)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public Analyst? Verify(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512) return null;
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (verified.TryGetValue(fingerprint, out var known)) return known;
        foreach (var (analyst, salt, iterations, hash) in keys)
        {
            var candidate = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, hash.Length);
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                verified[fingerprint] = analyst;
                return analyst;
            }
        }
        return null;
    }

    /// <summary>The demo key: made once per data directory and kept there.</summary>
    public static string DemoKey(string dataDir)
    {
        var path = Path.Combine(dataDir, "demo-api-key");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(dataDir);
        var key = "pe-demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        File.WriteAllText(path, key + "\n");
        return key;
    }

    /// <summary>
    /// Reads a keys file: <c>{"analysts": [{"id": "alice", "key_hash": "pbkdf2-sha256$…",
    /// "datasets": ["patients"], "session_epsilon": 1, "session_delta": 1e-6,
    /// "lifetime_epsilon": 10, "lifetime_delta": 1e-5, "max_sessions": 4}]}</c>.
    /// </summary>
    public void LoadFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("analysts", out var analysts) || analysts.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: expected {{\"analysts\": [...]}}.");
        foreach (var entry in analysts.EnumerateArray())
        {
            var id = entry.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            if (string.IsNullOrWhiteSpace(id)) throw new InvalidDataException($"{path}: every analyst needs an \"id\".");
            var analyst = new Analyst(id,
                entry.TryGetProperty("datasets", out var datasets) ? datasets.EnumerateArray().Select(d => d.GetString()!).ToHashSet() : null,
                Number(entry, "session_epsilon"), Number(entry, "session_delta"),
                Number(entry, "lifetime_epsilon"), Number(entry, "lifetime_delta"),
                entry.TryGetProperty("max_sessions", out var max) ? max.GetInt32() : null);
            if (entry.TryGetProperty("key_hash", out var hash)) AddHashed(analyst, hash.GetString()!);
            else if (entry.TryGetProperty("key", out var key) && key.GetString() is { Length: >= 8 } plain) Add(analyst, plain);
            else throw new InvalidDataException($"{path}: analyst '{id}' needs \"key_hash\" (or a \"key\" of at least 8 characters).");
        }
    }

    private static double? Number(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
