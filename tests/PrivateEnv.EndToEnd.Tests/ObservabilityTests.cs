using PrivateEnv.Protocol.V1;
using PrivateEnv.Client;
using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>OpenTelemetry metrics scraped from --metrics-url, and the plain-HTTP health endpoint.</summary>
public class ObservabilityTests
{
    [Fact]
    public async Task MetricsCountCellsChargesAndRefusalsAndCarryNoData()
    {
        var metricsPort = ServerProcess.FreePort();
        await using var server = await ServerProcess.StartAsync(["--metrics-url", $"http://127.0.0.1:{metricsPort}"]);
        await using (var session = await PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]))
        {
            Assert.True((await session.RunAsync("""Print(patients["age"].Mean(eps: 0.5));""")).Success);
            Assert.Equal(ErrorKind.Budget, (await session.RunAsync("""Print(patients["age"].Mean(eps: 50));""")).Error?.Kind);
            Assert.Equal(ErrorKind.Refused, (await session.RunAsync("""System.IO.File.ReadAllText("/etc/passwd");""")).Error?.Kind);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        // The exporter collects on scrape; the cells above have finished, so their counts are in.
        var text = await http.GetStringAsync("/metrics");
        Assert.True(Value(text, "privateenv_cells_total") >= 3, text);
        Assert.True(Value(text, "privateenv_charges_total") >= 1, text);
        Assert.True(Value(text, "privateenv_refusals_total") >= 2, text);
        Assert.Contains("privateenv_cell_duration_seconds_bucket", text);
        Assert.DoesNotContain(server.ApiKey, text);
        Assert.DoesNotContain("/etc/passwd", text);
        Assert.DoesNotContain("patients[", text);

        Assert.Equal("Healthy", await http.GetStringAsync("/healthz"));
        // The scrape port serves nothing else, and gRPC still answers on the main port.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/privateenv.v1.PrivateEnv/ListDatasets")).StatusCode);
        Assert.NotEmpty(await PrivateEnvClient.ListDatasetsAsync(server.Url, server.ApiKey));

        // Red team: a request on the gRPC port that names the metrics port in its Host header used to be served the
        // metrics (every analyst's counts). Only the metrics listener serves them now.
        var grpcPortNumber = new Uri(server.Url).Port;
        using var toGrpcPort = new SocketsHttpHandler
        {
            // Whatever the URL names, connect to the gRPC port: the request then carries the metrics port as its authority.
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, grpcPortNumber, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var spoofing = new HttpClient(toGrpcPort) { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        foreach (var path in (string[])["/metrics", "/healthz"])
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await spoofing.GetAsync($"http://127.0.0.1:{metricsPort}{path}")).StatusCode);
    }

    /// <summary>Sum of a counter's samples over all label sets (Prometheus text format: name{labels} value [timestamp]).</summary>
    private static double Value(string exposition, string metric) => exposition.Split('\n')
        .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture));
}
