using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client;

/// <summary>Connects to a PrivateEnv server and opens sessions.</summary>
public static class PrivateEnvClient
{
    /// <summary>The environment variable naming a PEM certificate to trust for https servers (a private CA or a self-signed server).</summary>
    public const string TrustedCertificateVariable = "PRIVATEENV_CA_CERT";

    /// <summary>Opens a session on the named datasets. Dispose it (or call CloseAsync) to end it.</summary>
    public static Task<PrivateEnvSession> ConnectAsync(string url, string apiKey, IEnumerable<string> datasets, CancellationToken cancellationToken = default) =>
        ConnectAsync(url, apiKey, datasets, ClientOptions.FromEnvironment(), cancellationToken);

    /// <summary>As <see cref="ConnectAsync(string, string, IEnumerable{string}, CancellationToken)"/>, with explicit connection options.</summary>
    public static async Task<PrivateEnvSession> ConnectAsync(string url, string apiKey, IEnumerable<string> datasets, ClientOptions options, CancellationToken cancellationToken = default)
    {
        var channel = CreateChannel(url, options);
        try
        {
            var client = new Protocol.V1.PrivateEnv.PrivateEnvClient(Authenticated(channel, apiKey));
            var request = new CreateSessionRequest();
            request.Datasets.AddRange(datasets);
            var response = await client.CreateSessionAsync(request, cancellationToken: cancellationToken);
            return new PrivateEnvSession(channel, client, response);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>Lists the datasets an API key may open (schema and metadata only).</summary>
    public static async Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(string url, string apiKey, CancellationToken cancellationToken = default)
    {
        using var channel = CreateChannel(url, ClientOptions.FromEnvironment());
        var client = new Protocol.V1.PrivateEnv.PrivateEnvClient(Authenticated(channel, apiKey));
        var response = await client.ListDatasetsAsync(new ListDatasetsRequest(), cancellationToken: cancellationToken);
        return response.Datasets;
    }

    /// <summary>Calls on the channel that carry the API key (the server checks it on every call, and that a session is the caller's own).</summary>
    internal static CallInvoker Authenticated(GrpcChannel channel, string apiKey) =>
        channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + apiKey);
            return metadata;
        });

    internal static GrpcChannel CreateChannel(string url, ClientOptions options)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ArgumentException($"'{url}' is not a server URL; use e.g. http://127.0.0.1:50051.");
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (options.TrustedCertificatePath is { } path)
        {
            var trusted = TrustedCertificate.Load(path);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedCertificate.Accepts(trusted, certificate, errors);
        }
        return GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
            // After the server was unreachable, calls fail at once (Unavailable) until the channel's next connection
            // attempt; the default backoff grows to 2 minutes, so a notebook could keep failing that long after its
            // server came back.
            MaxReconnectBackoff = TimeSpan.FromSeconds(5),
        });
    }
}
