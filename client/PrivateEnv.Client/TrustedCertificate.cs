using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PrivateEnv.Client;

/// <summary>Validates a server certificate against one extra trust anchor; host-name mismatches are never accepted.</summary>
internal static class TrustedCertificate
{
    public static X509Certificate2 Load(string path)
    {
        try { return X509Certificate2.CreateFromPem(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"Cannot read the trusted certificate '{path}' ({PrivateEnvClient.TrustedCertificateVariable}): {e.Message}. Give a PEM file.");
        }
    }

    public static bool Accepts(X509Certificate2 trusted, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (presented is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
    }
}
