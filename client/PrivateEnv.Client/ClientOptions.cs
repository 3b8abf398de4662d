namespace PrivateEnv.Client;

/// <summary>How to reach a server. <see cref="TrustedCertificatePath"/>: a PEM certificate (private CA or self-signed server) to trust for https.</summary>
public sealed record ClientOptions(string? TrustedCertificatePath = null)
{
    /// <summary>Options from the environment: <c>PRIVATEENV_CA_CERT</c> names the certificate to trust.</summary>
    public static ClientOptions FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(PrivateEnvClient.TrustedCertificateVariable) is { Length: > 0 } path ? path : null);
}
