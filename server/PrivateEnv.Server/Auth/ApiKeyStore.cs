using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PrivateEnv.Server.Auth;

/// <summary>Who an API key belongs to.</summary>
public sealed record Analyst(string Id);

/// <summary>
/// API keys, kept only as salted PBKDF2-SHA256 hashes. A key verified once is remembered by
/// its SHA-256 so later requests skip the slow hash.
/// </summary>
public sealed class ApiKeyStore
{
    private const int Iterations = 100_000;
    private readonly List<(Analyst Analyst, byte[] Salt, byte[] Hash)> keys = [];
    private readonly ConcurrentDictionary<string, Analyst> verified = new(StringComparer.Ordinal);

    public void Add(string analystId, string key)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        keys.Add((new Analyst(analystId), salt, Hash(key, salt)));
    }

    public int Count => keys.Count;

    public Analyst? Verify(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512) return null;
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (verified.TryGetValue(fingerprint, out var known)) return known;
        foreach (var (analyst, salt, hash) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(Hash(key, salt), hash))
            {
                verified[fingerprint] = analyst;
                return analyst;
            }
        }
        return null;
    }

    private static byte[] Hash(string key, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, Iterations, HashAlgorithmName.SHA256, 32);

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

    /// <summary>Reads "ANALYST KEY" lines (# comments allowed).</summary>
    public void LoadFile(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || parts[1].Length < 8)
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'ANALYST KEY' with a key of at least 8 characters.");
            Add(parts[0], parts[1]);
        }
    }
}
