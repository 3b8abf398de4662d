using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivateEnv.Client;
using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>gRPC over TLS with --tls-cert/--tls-key: a client that trusts the certificate works; one that does not is refused.</summary>
public class TlsTests
{
    [Fact]
    public async Task TheServerSpeaksTlsAndOnlyTrustingClientsGetThrough()
    {
        var dir = Directory.CreateTempSubdirectory("privateenv-tls-").FullName;
        try
        {
            var (certificatePath, keyPath) = WriteSelfSignedCertificate(dir);
            var port = ServerProcess.FreePort();
            await using var server = await ServerProcess.StartAsync(["--tls-cert", certificatePath, "--tls-key", keyPath], port: port, urls: $"https://127.0.0.1:{port}");
            Assert.StartsWith("https://", server.Url);

            await using (var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"], new ClientOptions(certificatePath)))
            {
                var result = await session.RunAsync("""Print(patients["age"].Mean(eps: 0.2) > 0);""");
                Assert.True(result.Success, result.Error?.Message);
                Assert.Equal("true\n", result.Stdout);
            }

            // Without trusting the certificate the TLS handshake fails: nothing is sent, no session opens.
            var untrusted = await Assert.ThrowsAnyAsync<Exception>(() => PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"], new ClientOptions()));
            Assert.Contains("SSL", untrusted.ToString(), StringComparison.OrdinalIgnoreCase);
            // Plain HTTP/2 to the TLS port is not served either.
            await Assert.ThrowsAnyAsync<Exception>(() => PrivateEnvClient.ListDatasetsAsync($"http://127.0.0.1:{port}", server.ApiKey));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (string Certificate, string Key) WriteSelfSignedCertificate(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(dir, "server.pem");
        var keyPath = Path.Combine(dir, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
