using System.Security.Cryptography;
using System.Text;

namespace PrivateEnv.Kernel.Protocol;

/// <summary>
/// HMAC-SHA256 over header, parent header, metadata and content (Jupyter messaging spec, "The Wire
/// Protocol"). An empty key disables signing, as the spec allows.
/// </summary>
public sealed class MessageSigner
{
    private readonly byte[] key;

    public MessageSigner(string key) => this.key = Encoding.UTF8.GetBytes(key);

    public bool Enabled => key.Length > 0;

    public string Sign(IReadOnlyList<byte[]> parts)
    {
        if (!Enabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (var part in parts) hmac.AppendData(part);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Constant-time check of a received signature.</summary>
    public bool Verify(string signature, IReadOnlyList<byte[]> parts)
    {
        if (!Enabled) return true;
        var expected = Encoding.ASCII.GetBytes(Sign(parts));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
